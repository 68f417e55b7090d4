/**
 * Atomic saves (issue 13, "Saving loses data"): a failed save leaves the earlier model byte-identical and
 * names the file that failed; no stray shards; concurrent saves end as one complete model; overwrite:false.
 * File-system failures are injected through node-fs.ts's seam, not by patching globals.
 */
import {expect} from 'chai';
import * as realFs from 'node:fs/promises';
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {SerializationError, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import {loadModel} from '../index.js';
import type {Model} from '../index.js';
import {mlp, tempDir} from './fixtures.test.helpers.js';
import {setFsForTesting} from './node-fs.js';
import type {NodeFs} from './node-fs.js';
import {modelArtifacts} from './save.js';

type Snapshot = Map<string, Buffer>;

async function snapshot(dir: string): Promise<Snapshot> {
  const out: Snapshot = new Map();
  for (const name of (await readdir(dir)).sort()) out.set(name, await readFile(join(dir, name)));
  return out;
}

function expectSameSnapshot(actual: Snapshot, expected: Snapshot): void {
  expect([...actual.keys()]).to.deep.equal([...expected.keys()]);
  for (const [name, bytes] of expected) expect(Buffer.compare(actual.get(name) as Buffer, bytes), `${name} changed`).to.equal(0);
}

/** The weight bytes a folder's model.json points at, concatenated in manifest order. */
async function folderWeightBytes(dir: string): Promise<Buffer> {
  const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as {weightsManifest: {paths: string[]}[]};
  const parts = await Promise.all(doc.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dir, p))));
  return Buffer.concat(parts);
}

async function weightBytes(m: Model): Promise<Buffer> {
  return Buffer.from((await modelArtifacts(m)).weightData);
}

/** Real fs/promises, except that writing a new file whose name ends with `suffix` fails with `code` half-way. */
function failingFs(suffix: string, code: string): NodeFs {
  const open = async (...args: Parameters<typeof realFs.open>): ReturnType<typeof realFs.open> => {
    const handle = await realFs.open(...args);
    const [path, flags] = args;
    if (typeof path !== 'string' || !path.endsWith(suffix) || flags !== 'wx') return handle;
    const failing = Object.create(handle) as typeof handle;
    failing.writeFile = async (data: Parameters<typeof handle.writeFile>[0]): Promise<void> => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
      await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw Object.assign(new Error(`${code}: simulated failure, write`), {code});
    };
    failing.close = () => handle.close();
    failing.sync = () => handle.sync();
    return failing;
  };
  return {...realFs, open} as NodeFs;
}

/** Real fs/promises whose `rename` runs `before(from, to)` first (once per matching call). */
function renameHookFs(before: (from: string, to: string) => Promise<void>): NodeFs {
  const rename = async (from: Parameters<typeof realFs.rename>[0], to: Parameters<typeof realFs.rename>[1]): Promise<void> => {
    await before(String(from), String(to));
    return realFs.rename(from, to);
  };
  return {...realFs, rename} as NodeFs;
}

async function hiddenEntries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith('.'));
}

describe('saving: atomic saves to file://', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  const target = (): string => join(root, 'model');

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
  });
  afterEach(async () => {
    setFsForTesting(null);
    await cleanup();
  });

  const failures: [string, string, RegExp][] = [
    ['EFBIG', 'group1-shard3of4.bin', /file too large/],
    ['ENOSPC', 'group1-shard1of4.bin', /no space left/],
    ['ENOSPC', 'model.json', /no space left/],
  ];
  for (const [code, file, phrase] of failures) {
    it(`${code} while writing ${file} over an existing model: the old model is byte-identical and the error names ${file}`, async () => {
      const old = mlp();
      await old.save(`file://${target()}`, {maxShardBytes: 80});
      const before = await snapshot(target());
      expect([...before.keys()]).to.have.length(5);
      const next = mlp();
      setFsForTesting(failingFs(file, code));
      // The model.json spelling of the URL for one case: the message must still name the shard, not model.json.
      const url = code === 'EFBIG' ? `file://${target()}/model.json` : `file://${target()}`;
      const error = await next.save(url, {maxShardBytes: 80}).then(() => null, (e: unknown) => e as Error);
      setFsForTesting(null);
      expect(error).to.be.instanceOf(SerializationError);
      expect(error?.message).to.include(`file://${join(target(), file)}`).and.match(phrase).and.match(/unchanged/);
      if (file !== 'model.json') expect(error?.message).not.to.include('model.json');
      expectSameSnapshot(await snapshot(target()), before);
      expect(await hiddenEntries(root), 'temporary folders left behind').to.deep.equal([]);
      const loaded = await loadModel(`file://${target()}`);
      expect(Buffer.compare(await weightBytes(loaded), await weightBytes(old))).to.equal(0);
      for (const m of [old, next, loaded]) m.dispose();
    });
  }

  it('another process swapping its model in between our renames: the save retries and one complete model remains', async () => {
    const ours = mlp();
    const theirs = mlp();
    await theirs.save(`file://${join(root, 'staged')}`, {maxShardBytes: 40});
    let raced = false;
    setFsForTesting(
      renameHookFs(async (from, to) => {
        // Just before our new folder is moved in, the "other process" puts its own complete model there.
        if (!raced && from.includes('.stratum-save-') && to === target()) {
          raced = true;
          await realFs.rename(join(root, 'staged'), target());
        }
      }),
    );
    await ours.save(`file://${target()}`);
    setFsForTesting(null);
    expect(raced).to.equal(true);
    expect((await readdir(target())).sort()).to.deep.equal(['group1-shard1of1.bin', 'model.json']);
    expect(Buffer.compare(await folderWeightBytes(target()), await weightBytes(ours))).to.equal(0);
    expect(await hiddenEntries(root)).to.deep.equal([]);
    ours.dispose();
    theirs.dispose();
  });

  it('a file the user adds to the folder during a save is never deleted (the set-aside folder is kept)', async () => {
    const old = mlp();
    await old.save(`file://${target()}`);
    setFsForTesting(
      renameHookFs(async (from, to) => {
        if (from === target() && to.includes('.stratum-old-')) await writeFile(join(target(), 'notes.txt'), 'mine');
      }),
    );
    const next = mlp();
    await next.save(`file://${target()}`);
    setFsForTesting(null);
    expect(Buffer.compare(await folderWeightBytes(target()), await weightBytes(next))).to.equal(0);
    const kept = await hiddenEntries(root);
    expect(kept).to.have.length(1);
    expect(await readFile(join(root, kept[0] as string, 'notes.txt'), 'utf8')).to.equal('mine');
    old.dispose();
    next.dispose();
  });

  it('a failing final rename puts the old folder back, byte-identical, and removes the new one', async () => {
    const old = mlp();
    await old.save(`file://${target()}`, {maxShardBytes: 80});
    const before = await snapshot(target());
    setFsForTesting(
      renameHookFs(async (from) => {
        if (from.includes('.stratum-save-')) throw Object.assign(new Error('EACCES: simulated'), {code: 'EACCES'});
      }),
    );
    const next = mlp();
    const error = await next.save(`file://${target()}`).then(() => null, (e: unknown) => e as Error);
    setFsForTesting(null);
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.match(/permission denied/).and.match(/previous model is unchanged/);
    expectSameSnapshot(await snapshot(target()), before);
    expect(await hiddenEntries(root)).to.deep.equal([]);
    old.dispose();
    next.dispose();
  });

  it('a later save removes the temporary folders of a save whose process died, and keeps those of live ones', async () => {
    const dead = join(root, '.model.stratum-save-999999999-abc-def');
    const live = join(root, `.model.stratum-save-${process.pid}-abc-def`);
    for (const d of [dead, live]) {
      await mkdir(d);
      await writeFile(join(d, 'group1-shard1of4.bin'), 'partial');
    }
    const m = mlp();
    await m.save(`file://${target()}`);
    expect(await hiddenEntries(root)).to.deep.equal([`.model.stratum-save-${process.pid}-abc-def`]);
    m.dispose();
  });

  it('saving with fewer shards leaves no stray shards behind', async () => {
    const a = mlp();
    await a.save(`file://${target()}`, {maxShardBytes: 80});
    expect(await readdir(target())).to.have.length(5);
    const b = mlp();
    await b.save(`file://${target()}`);
    expect((await readdir(target())).sort()).to.deep.equal(['group1-shard1of1.bin', 'model.json']);
    expect(Buffer.compare(await folderWeightBytes(target()), await weightBytes(b))).to.equal(0);
    a.dispose();
    b.dispose();
  });

  it('concurrent saves to one folder end as exactly one complete model (10 rounds, 2 to 10 saves each)', async () => {
    const models = Array.from({length: 10}, () => mlp());
    const bytes = await Promise.all(models.map(weightBytes));
    for (let round = 0; round < 10; round++) {
      const n = 2 + (round % 9);
      const chosen = models.slice(0, n);
      // Different shard sizes so that a mix of two saves would show as files of the wrong model.
      await Promise.all(chosen.map((m, i) => m.save(`file://${target()}`, {maxShardBytes: 40 + 40 * i})));
      const onDisk = await folderWeightBytes(target());
      const matches = bytes.slice(0, n).filter((b) => Buffer.compare(b, onDisk) === 0);
      expect(matches, `round ${round}: the folder holds none of the saved models`).to.have.length.greaterThan(0);
      expect(Buffer.compare(onDisk, bytes[n - 1] as Buffer), `round ${round}: saves run in call order, so the last one wins`).to.equal(0);
      const doc = JSON.parse(await readFile(join(target(), 'model.json'), 'utf8')) as {weightsManifest: {paths: string[]}[]};
      expect((await readdir(target())).sort()).to.deep.equal([...doc.weightsManifest[0]!.paths, 'model.json'].sort());
      expect(await hiddenEntries(root)).to.deep.equal([]);
      const loaded = await loadModel(`file://${target()}`);
      expect(Buffer.compare(await weightBytes(loaded), onDisk)).to.equal(0);
      loaded.dispose();
    }
    for (const m of models) m.dispose();
  });

  it('overwrite: false refuses an existing model, naming the path, and leaves it as it was', async () => {
    const a = mlp();
    await a.save(`file://${target()}`, {overwrite: false});
    const before = await snapshot(target());
    const b = mlp();
    const error = await b.save(`file://${target()}`, {overwrite: false}).then(() => null, (e: unknown) => e as Error);
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include(join(target(), 'model.json')).and.match(/already exists/);
    expectSameSnapshot(await snapshot(target()), before);
    await b.save(`file://${target()}`, {overwrite: true});
    expect(Buffer.compare(await folderWeightBytes(target()), await weightBytes(b))).to.equal(0);
    a.dispose();
    b.dispose();
  });

  it('refuses a folder that holds files of its own (a save replaces the whole folder) and touches nothing', async () => {
    await mkdir(target());
    await writeFile(join(target(), 'notes.txt'), 'mine');
    const m = mlp();
    const error = await m.save(`file://${target()}`).then(() => null, (e: unknown) => e as Error);
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include('"notes.txt"').and.match(/folder of its own/);
    expect(await readdir(target())).to.deep.equal(['notes.txt']);
    m.dispose();
  });

  it('saves into a new nested folder, and to file://dir/model.json', async () => {
    const m = mlp();
    const result = await m.save(`file://${join(root, 'a/b/c/model.json')}`);
    expect(result.files?.map((f) => f.slice(root.length))).to.deep.equal(['/a/b/c/group1-shard1of1.bin', '/a/b/c/model.json']);
    expect(Buffer.compare(await folderWeightBytes(join(root, 'a/b/c')), await weightBytes(m))).to.equal(0);
    m.dispose();
  });
});

describe('saving: a load never mixes two saves', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
  });
  afterEach(async () => {
    setFsForTesting(null);
    await cleanup();
  });

  it('a save that swaps the folder after the first shard was opened makes the load start over, reading the new model whole', async () => {
    const target = join(root, 'model');
    const a = mlp();
    const b = mlp();
    await a.save(`file://${target}`, {maxShardBytes: 80});
    let swapped = false;
    const realpath = async (...args: Parameters<typeof realFs.realpath>): Promise<string> => {
      if (!swapped && String(args[0]).endsWith('group1-shard2of4.bin')) {
        swapped = true;
        await b.save(`file://${target}`, {maxShardBytes: 80}); // same layout, other weights
      }
      return realFs.realpath(...args) as Promise<string>;
    };
    setFsForTesting({...realFs, realpath} as unknown as NodeFs);
    const loaded = await loadModel(`file://${target}`);
    setFsForTesting(null);
    expect(swapped).to.equal(true);
    expect(Buffer.compare(await weightBytes(loaded), await weightBytes(b)), 'the load mixed the two saves').to.equal(0);
    for (const m of [a, b, loaded]) m.dispose();
  });
});
