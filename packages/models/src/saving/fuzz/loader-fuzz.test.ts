/**
 * The loader fuzz test in `npm test` (issue 13, "Fuzzing in CI"): a few hundred seeded cases (mutated
 * TF.js folders, in-memory artifacts, Keras 3 and Keras 2 JSON). Every case must end in one of Stratum's
 * typed errors or a complete model; `npm run fuzz -- --cases 10000` runs the long version.
 */
import {expect} from 'chai';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setBackend} from '@stratum/core';
import {generateCases, needsSpecialFiles, runCase} from './cases.test.helpers.js';
import type {CaseResult, FuzzDirs} from './cases.test.helpers.js';
import {disposeSeeds, makeSeeds} from './seeds.test.helpers.js';
import type {Seed} from './seeds.test.helpers.js';

const CASES = 500;
const SEED = 13;

describe('saving: loader fuzz, seeded (issue 13)', () => {
  let seeds: Seed[] = [];
  let root = '';
  let dirs: FuzzDirs = {model: '', outside: ''};

  before(async () => {
    await setBackend('cpu');
    seeds = await makeSeeds();
    root = await mkdtemp(join(tmpdir(), 'stratum-fuzz-test-'));
    dirs = {model: join(root, 'model'), outside: join(root, 'outside')};
  });
  after(async () => {
    disposeSeeds(seeds);
    await rm(root, {recursive: true, force: true});
  });

  it(`${CASES} mutated model files end in a typed error or a complete model`, async function () {
    this.timeout(120_000);
    const tally = new Map<string, number>();
    const failures: string[] = [];
    const cases = generateCases(SEED, CASES, seeds.length);
    for (const [i, c] of cases.entries()) {
      // Special files (/dev/zero, FIFOs) as shards are the file reader's cases: they run in `npm run fuzz`.
      if (needsSpecialFiles(c, seeds, dirs.outside)) continue;
      const r: CaseResult = await runCase(c, seeds, dirs, 10_000);
      tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
      if (r.failure) failures.push(`#${i} ${r.outcome}: ${r.detail.slice(0, 400)}`);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    // the run exercised both sides of the oracle
    expect(tally.get('error:SerializationError') ?? 0).to.be.above(CASES / 2);
    expect(tally.get('loaded:equal') ?? 0).to.be.above(0);
  });
});
