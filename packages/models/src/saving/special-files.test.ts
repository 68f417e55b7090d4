/**
 * Special files never hang a load or get read without bound (issue 13): /dev/zero, /dev/urandom, a FIFO
 * or a directory as model.json or as a shard are refused at once with a SerializationError naming the
 * path; model.json has a size cap checked before reading; a shard whose size differs from what the
 * manifest implies is refused (expected vs actual) before it is read.
 */
import {expect} from 'chai';
import {execFileSync} from 'node:child_process';
import {mkdir, open, readFile, rename, rm, symlink, truncate, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {SerializationError, memory, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import {loadModel} from '../index.js';
import type {Model} from '../index.js';
import {MAX_MODEL_JSON_BYTES} from './local-read.js';
import {mlp, tempDir} from './fixtures.test.helpers.js';

/** The load's error, or a failure if it has not settled within `ms`. */
async function loadErrorWithin(url: string, ms = 2000): Promise<Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_r, reject) => {
    timer = setTimeout(() => reject(new Error(`loadModel(${url}) did not settle within ${ms} ms`)), ms);
  });
  try {
    const m = await Promise.race([loadModel(url), timeout]);
    m.dispose();
  } catch (e) {
    if ((e as Error).message.includes('did not settle')) throw e;
    return e as Error;
  } finally {
    clearTimeout(timer);
  }
  throw new Error(`loadModel(${url}) should have failed`);
}

describe('saving: special files as model.json or shards', function () {
  this.timeout(20000);
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let saved: Model | null = null;
  const dir = (): string => join(root, 'model');
  const url = (): string => `file://${dir()}/model.json`;

  async function setPaths(paths: string[]): Promise<void> {
    const doc = JSON.parse(await readFile(join(dir(), 'model.json'), 'utf8')) as {weightsManifest: {paths: string[]}[]};
    doc.weightsManifest[0]!.paths = paths;
    await writeFile(join(dir(), 'model.json'), JSON.stringify(doc));
  }

  async function expectNormalLoad(): Promise<void> {
    await setPaths(['group1-shard1of1.bin']);
    const loaded = await loadModel(url());
    expect(loaded.countParams()).to.equal(75);
    loaded.dispose();
  }

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
    saved = mlp();
    await saved.save(`file://${dir()}`);
  });
  afterEach(async () => {
    saved?.dispose();
    await cleanup();
  });

  for (const device of ['/dev/zero', '/dev/urandom']) {
    it(`model.json that is ${device} (via a symlink) is refused at once as a character device`, async () => {
      await rm(join(dir(), 'model.json'));
      await symlink(device, join(dir(), 'model.json'));
      const error = await loadErrorWithin(url());
      expect(error).to.be.instanceOf(SerializationError);
      expect(error.message).to.include(join(dir(), 'model.json')).and.match(/character device, expected a regular file/);
    });
  }

  it('model.json that is a FIFO or a directory is refused at once, and later loads still work', async () => {
    await rename(join(dir(), 'model.json'), join(root, 'model.json.keep'));
    execFileSync('mkfifo', [join(dir(), 'model.json')]);
    for (let i = 0; i < 6; i++) {
      const error = await loadErrorWithin(url());
      expect(error).to.be.instanceOf(SerializationError);
      expect(error.message).to.include(join(dir(), 'model.json')).and.match(/FIFO/);
    }
    await rm(join(dir(), 'model.json'));
    await mkdir(join(dir(), 'model.json'));
    const error = await loadErrorWithin(url());
    expect(error).to.be.instanceOf(SerializationError);
    expect(error.message).to.match(/directory, expected a regular file/);
    await rm(join(dir(), 'model.json'), {recursive: true});
    await rename(join(root, 'model.json.keep'), join(dir(), 'model.json'));
    await expectNormalLoad();
  });

  it('a shard that is a FIFO is refused at once (several times), and a later normal load works', async () => {
    execFileSync('mkfifo', [join(dir(), 'pipe.bin')]);
    await setPaths(['pipe.bin']);
    const before = memory().numTensors;
    for (let i = 0; i < 6; i++) {
      const error = await loadErrorWithin(url());
      expect(error).to.be.instanceOf(SerializationError);
      expect(error.message).to.include(join(dir(), 'pipe.bin')).and.match(/FIFO/);
    }
    expect(memory().numTensors).to.equal(before);
    await expectNormalLoad();
  });

  it('a shard that is a directory is refused, naming it', async () => {
    await mkdir(join(dir(), 'a-directory'));
    await setPaths(['a-directory']);
    const error = await loadErrorWithin(url());
    expect(error).to.be.instanceOf(SerializationError);
    expect(error.message).to.include(join(dir(), 'a-directory')).and.match(/directory, expected a regular file/);
  });

  it('a shard that is a symlink to /dev/zero or /dev/urandom is refused at once', async () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      await rm(join(dir(), 'dev.bin'), {force: true});
      await symlink(device, join(dir(), 'dev.bin'));
      await setPaths(['dev.bin']);
      const error = await loadErrorWithin(url());
      expect(error, device).to.be.instanceOf(SerializationError);
      expect(error.message, device).to.include('"dev.bin"');
    }
  });

  it(`model.json larger than ${MAX_MODEL_JSON_BYTES} bytes is refused before reading`, async () => {
    await truncate(join(dir(), 'model.json'), MAX_MODEL_JSON_BYTES + 1); // sparse: no disk space used
    const error = await loadErrorWithin(url());
    expect(error).to.be.instanceOf(SerializationError);
    expect(error.message).to.include(`${MAX_MODEL_JSON_BYTES + 1} bytes`).and.include(`${MAX_MODEL_JSON_BYTES} bytes`);
  });

  it('a huge (sparse, 3 GiB) shard is refused from its size, not read', async () => {
    const size = 3 * 1024 ** 3;
    await truncate(join(dir(), 'group1-shard1of1.bin'), size);
    const error = await loadErrorWithin(url());
    expect(error).to.be.instanceOf(SerializationError);
    expect(error.message).to.match(new RegExp(`group1-shard1of1\\.bin: weight data is longer than its manifest: ${size} bytes, expected 300 bytes`));
  });

  it('a truncated or extended shard among several is refused with expected and actual sizes', async () => {
    saved?.dispose();
    saved = mlp();
    await saved.save(`file://${dir()}`, {maxShardBytes: 80}); // 300 bytes: 80 + 80 + 80 + 60
    const shard2 = join(dir(), 'group1-shard2of4.bin');
    await truncate(shard2, 50);
    let error = await loadErrorWithin(url());
    expect(error).to.be.instanceOf(SerializationError);
    expect(error.message).to.include('group1-shard2of4.bin').and.match(/truncated: 270 bytes, expected 300 bytes/);
    const handle = await open(shard2, 'a');
    await handle.write(new Uint8Array(60));
    await handle.close();
    error = await loadErrorWithin(url());
    expect(error.message).to.match(/longer than its manifest: 330 bytes, expected 300 bytes/);
  });
});
