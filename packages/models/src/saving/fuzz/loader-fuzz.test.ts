/**
 * The loader fuzz test in `npm test` (issue 13): a few hundred seeded cases from the same generator as
 * `npm run fuzz` (which runs ≥ 10,000 in worker processes). Every case must end in one of Stratum's typed
 * errors or in a complete model equal to the valid one: never a raw error, a hang, a leak, a partly loaded
 * model, an overlong message or a polluted Object.prototype. The seed is fixed so a failure repeats; run
 * `npm run fuzz -- --seed <n>` for fresh cases.
 */
import {expect} from 'chai';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {generateCases, runCase} from './cases.test.helpers.js';
import type {CaseResult, FuzzDirs} from './cases.test.helpers.js';
import {disposeSeeds, makeSeeds} from './seeds.test.helpers.js';
import type {Seed} from './seeds.test.helpers.js';

const SEED = 20261202;
const CASES = 500;

describe('loader fuzz (seeded, issue 13)', function () {
  this.timeout(240_000);
  let seeds: Seed[] = [];
  let root = '';
  let dirs: FuzzDirs;

  before(async () => {
    seeds = await makeSeeds();
    root = await mkdtemp(join(tmpdir(), 'stratum-fuzz-test-'));
    dirs = {model: join(root, 'model'), outside: join(root, 'outside')};
  });
  after(async () => {
    disposeSeeds(seeds);
    await rm(root, {recursive: true, force: true});
  });

  it(`${CASES} mutated TF.js folders, artifacts and Keras JSON end in a typed error or an equal model`, async () => {
    const tally = new Map<string, number>();
    const failures: (CaseResult & {i: number})[] = [];
    const cases = generateCases(SEED, CASES, seeds.length);
    for (const [i, c] of cases.entries()) {
      const r = await runCase(c, seeds, dirs, 5000);
      tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
      if (r.failure) failures.push({i, ...r});
    }
    const report = failures.slice(0, 5).map((f) => `#${f.i} ${f.outcome}: ${f.detail}`).join('\n');
    expect(failures, `${failures.length} of ${CASES} cases failed:\n${report}`).to.have.length(0);
    // The generator must exercise both sides of the oracle, or the test proves nothing.
    const errors = [...tally.keys()].filter((k) => k.startsWith('error:')).reduce((n, k) => n + (tally.get(k) ?? 0), 0);
    expect(errors, 'cases ending in a typed error').to.be.greaterThan(CASES / 4);
    expect(tally.get('loaded:equal') ?? 0, 'cases that loaded the valid model').to.be.greaterThan(0);
  });
});
