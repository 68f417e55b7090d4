/**
 * A save killed between its two renames (the previous model moved aside, the new one not yet in place)
 * leaves no model at the target: a load says where the previous model is, and the next save puts it back
 * first, so that save failing too still leaves the earlier model loadable (issue 13, "Saving loses data").
 */
import {expect} from 'chai';
import * as realFs from 'node:fs/promises';
import {readdir, rename} from 'node:fs/promises';
import {join} from 'node:path';
import {SerializationError, setBackend} from '@stratum/core';
import {resetNames} from '@stratum/layers';
import {loadModel} from '../index.js';
import type {Model} from '../index.js';
import {mlp, tempDir} from './fixtures.test.helpers.js';
import {setFsForTesting} from './node-fs.js';
import type {NodeFs} from './node-fs.js';
import {modelArtifacts} from './save.js';

/** A pid no process has (Linux pids stay below 2^22), as in the name a killed save leaves. */
const DEAD_PID = 999_999_999;

async function weightBytes(m: Model): Promise<Buffer> {
  return Buffer.from((await modelArtifacts(m)).weightData);
}

/** Real fs/promises, except that creating a file whose name ends with `suffix` fails with ENOSPC. */
function noSpaceFor(suffix: string): NodeFs {
  const open = async (...args: Parameters<typeof realFs.open>): ReturnType<typeof realFs.open> => {
    if (typeof args[0] === 'string' && args[0].endsWith(suffix) && args[1] === 'wx') throw Object.assign(new Error('ENOSPC: simulated'), {code: 'ENOSPC'});
    return realFs.open(...args);
  };
  return {...realFs, open} as NodeFs;
}

describe('saving: a save killed between its renames', () => {
  let root = '';
  let cleanup: () => Promise<void> = async () => undefined;
  let previous: Model | null = null;
  const target = (): string => join(root, 'model');
  const aside = (): string => join(root, `.model.stratum-old-${DEAD_PID}-${Date.now().toString(36)}-abcdef`);

  before(async () => {
    await setBackend('cpu');
  });
  beforeEach(async () => {
    resetNames();
    ({dir: root, cleanup} = await tempDir());
    previous = mlp();
    await previous.save(`file://${target()}`);
  });
  afterEach(async () => {
    setFsForTesting(null);
    previous?.dispose();
    await cleanup();
  });

  it('a load finds no model and says where the previous one is', async () => {
    const left = aside();
    await rename(target(), left);
    const error = await loadModel(`file://${target()}`).then(
      (m) => (m.dispose(), null),
      (e: unknown) => e as Error,
    );
    expect(error).to.be.instanceOf(SerializationError);
    expect(error?.message).to.include(`file://${left}`).and.match(/a save to this folder was interrupted/);
  });

  it('the next save puts the previous model back first: if it fails too, the previous model still loads', async () => {
    await rename(target(), aside());
    const next = mlp();
    setFsForTesting(noSpaceFor('model.json'));
    const error = await next.save(`file://${target()}`).then(() => null, (e: unknown) => e as Error);
    setFsForTesting(null);
    expect(error).to.be.instanceOf(SerializationError);
    const loaded = await loadModel(`file://${target()}`);
    expect(Buffer.compare(await weightBytes(loaded), await weightBytes(previous as Model))).to.equal(0);
    loaded.dispose();
    next.dispose();
  });

  it('and when the next save succeeds, it is the model there and nothing is left beside it', async () => {
    await rename(target(), aside());
    const next = mlp();
    await next.save(`file://${target()}`);
    const loaded = await loadModel(`file://${target()}`);
    expect(Buffer.compare(await weightBytes(loaded), await weightBytes(next))).to.equal(0);
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).to.deep.equal([]);
    loaded.dispose();
    next.dispose();
  });
});
