/**
 * Loading stays in its folder (issue 13, "Loading reaches too far"): manifest paths that are absolute,
 * climb out with `..`, are URLs, hold backslashes or NUL bytes, or lead through a symlink to outside the
 * folder are refused with a SerializationError naming the path (and nothing about the outside file);
 * over http(s), shards must stay on the model's origin.
 */
import {expect} from 'chai';
import {copyFile, mkdir, readFile, rename, stat, symlink, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import type {Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {SerializationError, memory, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import {loadModel, loadWeights} from '../index.js';
import type {Model} from '../index.js';
import {mlp, tempDir} from './fixtures.test.helpers.js';
import {modelArtifacts} from './save.js';

const SHARD = 'group1-shard1of1.bin';

async function loadError(run: () => Promise<unknown>): Promise<Error | null> {
  return run().then(
    (m) => {
      (m as Model | undefined)?.dispose();
      return null;
    },
    (e: unknown) => e as Error,
  );
}

async function weightBytes(m: Model): Promise<Buffer> {
  return Buffer.from((await modelArtifacts(m)).weightData);
}

describe('saving: loading from file:// stays inside the model folder', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let saved: Model | null = null;
  const dir = (): string => join(root, 'model');
  const outside = (): string => join(root, 'outside', SHARD);

  async function setPaths(paths: string[]): Promise<void> {
    const doc = JSON.parse(await readFile(join(dir(), 'model.json'), 'utf8')) as {weightsManifest: {paths: string[]}[]};
    doc.weightsManifest[0]!.paths = paths;
    await writeFile(join(dir(), 'model.json'), JSON.stringify(doc));
  }

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
    saved = mlp();
    await saved.save(`file://${dir()}`);
    await mkdir(join(root, 'outside'));
    await copyFile(join(dir(), SHARD), outside()); // a valid shard: the old loader read it without complaint
  });
  afterEach(async () => {
    saved?.dispose();
    await cleanup();
  });

  const refused: [string, () => string, RegExp][] = [
    ['a relative path that climbs out', () => `../outside/${SHARD}`, /leaves the model folder/],
    ['a deeper climb out', () => `sub/../../outside/${SHARD}`, /leaves the model folder/],
    ['an absolute path', () => outside(), /is absolute/],
    ['a file: URL', () => `file://${outside()}`, /is a URL/],
    ['backslashes', () => `..\\outside\\${SHARD}`, /backslash/],
    ['a NUL byte', () => `${SHARD}\u0000.txt`, /NUL byte/],
  ];
  for (const [what, path, why] of refused) {
    it(`refuses ${what}, naming the path (loadModel and loadWeights)`, async () => {
      await setPaths([path()]);
      const before = memory().numTensors;
      const error = await loadError(() => loadModel(`file://${dir()}`));
      expect(error).to.be.instanceOf(SerializationError);
      expect(error?.message).to.match(why).and.include(JSON.stringify(path()));
      expect(memory().numTensors).to.equal(before);
      const target = mlp();
      const kept = await weightBytes(target);
      const error2 = await loadError(() => loadWeights(target, `file://${dir()}/model.json`));
      expect(error2).to.be.instanceOf(SerializationError);
      expect(error2?.message).to.match(why);
      expect(Buffer.compare(await weightBytes(target), kept), 'loadWeights changed the model').to.equal(0);
      target.dispose();
    });
  }

  it('refuses a shard that is a symlink to a file outside the folder', async () => {
    await symlink(outside(), join(dir(), 'link.bin'));
    await setPaths(['link.bin']);
    const error = await loadError(() => loadModel(`file://${dir()}`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include('"link.bin"').and.match(/outside the model folder/);
    expect(error?.message).not.to.include(outside());
  });

  it('refuses a symlinked subfolder that leads outside', async () => {
    await symlink(join(root, 'outside'), join(dir(), 'sub'));
    await setPaths([`sub/${SHARD}`]);
    const error = await loadError(() => loadModel(`file://${dir()}`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.match(/outside the model folder/);
  });

  it('says nothing about /etc/passwd (no size) whether named directly or through a symlink', async () => {
    const size = (await stat('/etc/passwd')).size;
    await symlink('/etc/passwd', join(dir(), 'passwd.bin'));
    for (const p of ['/etc/passwd', 'passwd.bin', '../../../../../../../../etc/passwd']) {
      await setPaths([p]);
      const error = await loadError(() => loadModel(`file://${dir()}`));
      expect(error, p).to.be.instanceOf(SerializationError);
      expect(error?.message, p).not.to.match(new RegExp(`\\b${size}\\b`));
      expect(error?.message, p).not.to.match(/root:/);
    }
  });

  it('a dangling symlink is refused without telling whether its target exists', async () => {
    await symlink(join(root, 'nowhere', 'x.bin'), join(dir(), 'dangling.bin'));
    await setPaths(['dangling.bin']);
    const error = await loadError(() => loadModel(`file://${dir()}`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.match(/symbolic link/).and.not.match(/nowhere/);
  });

  it('a manifest path of 200,000 characters is named cut, with its length (fuzz case 2938)', async () => {
    const long = 'x'.repeat(200_000);
    await setPaths([long]);
    const error = await loadError(() => loadModel(`file://${dir()}`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message.length).to.be.below(1000);
    expect(error?.message).to.include(`x (${dir().length + 1 + long.length} chars)`);
  });

  it('accepts symlinks and `..` that stay inside the folder', async () => {
    await rename(join(dir(), SHARD), join(dir(), 'real.bin'));
    await mkdir(join(dir(), 'sub'));
    await symlink('../real.bin', join(dir(), 'sub', 'link.bin'));
    for (const p of ['sub/link.bin', 'sub/../real.bin', './real.bin']) {
      await setPaths([p]);
      const loaded = await loadModel(`file://${dir()}`);
      expect(Buffer.compare(await weightBytes(loaded), await weightBytes(saved as Model)), p).to.equal(0);
      loaded.dispose();
    }
  });

  it('accepts a model folder that is itself reached through a symlink', async () => {
    await symlink(dir(), join(root, 'alias'));
    const loaded = await loadModel(`file://${join(root, 'alias')}`);
    expect(Buffer.compare(await weightBytes(loaded), await weightBytes(saved as Model))).to.equal(0);
    loaded.dispose();
  });
});

describe('saving: loading from http(s) keeps shards on the model origin', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let model: Server | null = null;
  let other: Server | null = null;
  let otherHits = 0;
  let saved: Model | null = null;
  const base = (s: Server | null): string => `http://127.0.0.1:${(s?.address() as AddressInfo).port}`;

  function serve(folder: string, onHit: () => void = () => undefined): Promise<Server> {
    const server = createServer((req, res) => {
      onHit();
      readFile(join(folder, decodeURIComponent((req.url ?? '/').split('?')[0] as string)))
        .then((body) => res.writeHead(200).end(body))
        .catch(() => res.writeHead(404).end());
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
  }

  async function setPaths(paths: string[]): Promise<void> {
    const file = join(root, 'm', 'model.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as {weightsManifest: {paths: string[]}[]};
    doc.weightsManifest[0]!.paths = paths;
    await writeFile(file, JSON.stringify(doc));
  }

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
    saved = mlp();
    await saved.save(`file://${join(root, 'm')}`);
    await mkdir(join(root, 'elsewhere'));
    await copyFile(join(root, 'm', SHARD), join(root, 'elsewhere', SHARD));
    otherHits = 0;
    model = await serve(root);
    other = await serve(join(root, 'elsewhere'), () => otherHits++);
  });
  afterEach(async () => {
    saved?.dispose();
    await Promise.all([model, other].map((s) => new Promise((resolve) => s?.close(resolve))));
    await cleanup();
  });

  it('loads shards from the same origin (relative paths, also via ..)', async () => {
    for (const p of [SHARD, `../m/${SHARD}`, `${base(model)}/m/${SHARD}`]) {
      await setPaths([p]);
      const loaded = await loadModel(`${base(model)}/m/model.json`);
      expect(Buffer.compare(await weightBytes(loaded), await weightBytes(saved as Model)), p).to.equal(0);
      loaded.dispose();
    }
  });

  it('refuses shards on another host or port, protocol-relative URLs and protocol changes, before fetching them', async () => {
    const cases: [string, RegExp][] = [
      [`${base(other)}/${SHARD}`, /another server/],
      [`//127.0.0.1:${(other?.address() as AddressInfo).port}/${SHARD}`, /another server/],
      [`file://${join(root, 'elsewhere', SHARD)}`, /protocol/],
      [`https://127.0.0.1:${(model?.address() as AddressInfo).port}/m/${SHARD}`, /protocol/],
    ];
    for (const [p, why] of cases) {
      await setPaths([p]);
      const error = await loadError(() => loadModel(`${base(model)}/m/model.json`));
      expect(error, p).to.be.instanceOf(SerializationError);
      expect(error?.message, p).to.include(JSON.stringify(p)).and.match(why);
    }
    expect(otherHits, 'the other server was asked for a shard').to.equal(0);
  });
});

describe('saving: loading from http(s) reads a bounded number of bytes', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let server: Server | null = null;
  let streamed = 0;
  const base = (): string => `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
    const m = mlp();
    await m.save(`file://${join(root, 'm')}`);
    m.dispose();
    const file = join(root, 'm', 'model.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as {weightsManifest: {paths: string[]}[]};
    doc.weightsManifest[0]!.paths = ['endless.bin'];
    await writeFile(file, JSON.stringify(doc));
    streamed = 0;
    server = createServer((req, res) => {
      if (req.url === '/m/endless.bin') {
        // Zeros for ever (like /dev/zero behind a server), until the client goes away.
        res.writeHead(200);
        const chunk = Buffer.alloc(64 * 1024);
        const pump = (): void => {
          while (!res.destroyed && res.write(chunk)) streamed += chunk.length;
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      } else if (req.url === '/big/model.json') {
        res.writeHead(200, {'content-length': String(2 ** 40)});
        res.write('{');
      } else {
        readFile(join(root, (req.url ?? '/').split('?')[0] as string))
          .then((body) => res.writeHead(200).end(body))
          .catch(() => res.writeHead(404).end());
      }
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await cleanup();
  });

  it('an endless shard is cut off at the bytes its manifest implies', async () => {
    const started = Date.now();
    const error = await loadError(() => loadModel(`${base()}/m/model.json`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include(`${base()}/m/endless.bin`).and.match(/more than the 300 bytes the manifest gives its 4 weights/);
    expect(Date.now() - started).to.be.lessThan(5000);
    expect(streamed).to.be.lessThan(64 * 1024 * 1024);
  });

  it('a model.json that announces more than the cap is refused without reading it', async () => {
    const error = await loadError(() => loadModel(`${base()}/big/model.json`));
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include(`${base()}/big/model.json`).and.include(`${2 ** 40} bytes`);
  });
});
