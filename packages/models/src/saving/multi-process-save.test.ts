/**
 * Saves from several processes to one folder while this process keeps loading it (issue 13: concurrent
 * saves gave mixed or unparsable models). Each child fills every weight with its own id and saves many
 * times with its own shard size, so a mixed folder would show up as a load error about sizes or as a
 * model holding two ids. Every load must give one child's complete model, or "no such file" (the instant
 * between the two renames of a swap), or, after retries, "replaced while it was being read"; the folder
 * must end as one complete model.
 */
import {expect} from 'chai';
import {spawn} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {SerializationError, setBackend} from '@stratum/core';
import {loadModel} from '../index.js';
import type {Model} from '../index.js';
import {tempDir} from './fixtures.test.helpers.js';

const CHILD = `
const [coreUrl, layersUrl, modelsUrl, target, id, rounds] = process.argv.slice(2);
const core = await import(coreUrl);
const layers = await import(layersUrl);
const models = await import(modelsUrl);
await core.setBackend('cpu');
const m = models.sequential([new layers.Dense({units: 64, inputShape: [32], name: 'a'}), new layers.Dense({units: 8, name: 'b'})]);
const values = m.weights.map((w) => core.ops.fill(w.shape, Number(id)));
m.setWeights(values);
values.forEach((v) => v.dispose());
for (let i = 0; i < Number(rounds); i++) await m.save('file://' + target, {maxShardBytes: 256 * Number(id)});
`;

function run(script: string, args: string[]): Promise<{code: number | null; stderr: string}> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {stdio: ['ignore', 'ignore', 'pipe']});
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({code, stderr}));
  });
}

/** The one id every weight of `m` holds, or null when the weights are mixed. */
async function onlyValue(m: Model): Promise<number | null> {
  const seen = new Set<number>();
  for (const w of m.weights) for (const v of await w.value.data()) seen.add(v);
  return seen.size === 1 ? ([...seen][0] as number) : null;
}

describe('saving: concurrent saves from several processes', function () {
  this.timeout(120000);

  before(async () => {
    await setBackend('cpu');
  });

  it('4 processes × 8 saves to one folder while it is loaded in a loop: only whole models are ever seen', async () => {
    const {dir, cleanup} = await tempDir();
    let children: Promise<{code: number | null; stderr: string}[]> = Promise.resolve([]);
    try {
      const script = join(dir, 'child.mjs');
      await writeFile(script, CHILD);
      const url = (pkg: string): string => new URL(`../../../${pkg}/dist/index.js`, import.meta.url).href;
      const target = join(dir, 'model');
      const ids = [1, 2, 3, 4];
      let done = false;
      children = Promise.all(ids.map((id) => run(script, [url('core'), url('layers'), url('models'), target, String(id), '8']))).finally(() => {
        done = true;
      });
      let whole = 0;
      let absent = 0;
      while (!done) {
        try {
          const m = await loadModel(`file://${target}`);
          const v = await onlyValue(m);
          m.dispose();
          expect(ids, 'a load gave a model with mixed weights').to.include(v);
          whole++;
        } catch (e) {
          expect(e).to.be.instanceOf(SerializationError);
          expect((e as Error).message, 'a load saw a partial or mixed folder').to.match(/no such file|replaced while it was being read/);
          absent++;
        }
      }
      for (const r of await children) expect(r.code, r.stderr).to.equal(0);
      const final = await loadModel(`file://${target}`);
      expect(ids).to.include(await onlyValue(final));
      final.dispose();
      expect(whole + absent).to.be.greaterThan(0);
    } finally {
      await children; // a failed expectation must not remove the folder under running children
      await cleanup();
    }
  });
});
