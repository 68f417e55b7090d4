#!/usr/bin/env node
// Loader fuzz run (issue 13): `npm run fuzz -- --cases 10000 [--seed N] [--chunk 500] [--jobs 2] [--skip-special]`.
// Generates the cases with fast-check (the same seed gives the same cases), runs them in worker
// processes of `--chunk` cases each, `--jobs` at a time (so a crash or a hang costs one case, not the
// run), and prints how many ended in each class. Exits 1 if any case failed. Needs a build (`npm install` or `npx tsc -b`).
import {spawn} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';

const here = fileURLToPath(import.meta.url);
const fuzzDir = new URL('../packages/models/dist/saving/fuzz/', import.meta.url);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, received ${process.argv[i + 1]}`);
  return v;
}
const flag = (name) => process.argv.includes(`--${name}`);

async function worker() {
  const {setBackend} = await import('@stratum/core');
  const {generateCases, needsSpecialFiles, runCase} = await import(new URL('cases.test.helpers.js', fuzzDir).href);
  const {makeSeeds} = await import(new URL('seeds.test.helpers.js', fuzzDir).href);
  await setBackend('cpu');
  const seeds = await makeSeeds();
  const root = await mkdtemp(join(tmpdir(), 'stratum-fuzz-'));
  const dirs = {model: join(root, 'model'), outside: join(root, 'outside')};
  const cases = generateCases(option('seed', 0), option('cases', 0), seeds.length);
  const [from, to] = [option('from', 0), option('to', 0)];
  for (let i = from; i < to; i++) {
    const c = cases[i];
    if (flag('skip-special') && needsSpecialFiles(c, seeds, dirs.outside)) {
      process.stdout.write(`${JSON.stringify({i, outcome: 'skipped:special-file', failure: false, detail: ''})}\n`);
      continue;
    }
    const r = await runCase(c, seeds, dirs, option('timeout', 10000));
    process.stdout.write(`${JSON.stringify({i, ...r})}\n`);
    if (r.outcome === 'FAIL:hang') break; // the hung load may still run: start a fresh process
  }
  await rm(root, {recursive: true, force: true});
  process.exit(0);
}

function runChunk(from, to, pass) {
  return new Promise((resolve) => {
    const args = [here, '--worker', '--from', String(from), '--to', String(to), ...pass];
    const child = spawn(process.execPath, ['--max-old-space-size=4096', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
    const results = [];
    createInterface({input: child.stdout}).on('line', (line) => {
      if (line.startsWith('{')) results.push(JSON.parse(line));
    });
    child.on('close', (code, signal) => resolve({results, code, signal}));
  });
}

async function main() {
  const total = option('cases', 10000);
  const seed = option('seed', 20261202);
  const chunk = Math.max(1, option('chunk', 500));
  const pass = ['--cases', String(total), '--seed', String(seed), '--timeout', String(option('timeout', 10000)), ...(flag('skip-special') ? ['--skip-special'] : [])];
  const tally = new Map();
  const failures = [];
  const started = Date.now();
  const record = (r) => {
    tally.set(r.outcome, (tally.get(r.outcome) ?? 0) + 1);
    if (r.failure) failures.push(r);
  };
  // Each chunk runs in its own worker; a worker that dies or hangs is restarted after the case it was on.
  const runRange = async (from, to) => {
    while (from < to) {
      const {results, code, signal} = await runChunk(from, to, pass);
      results.forEach(record);
      const next = from + results.length;
      const hung = results.at(-1)?.outcome === 'FAIL:hang';
      const crashed = next < to && !hung;
      if (crashed) record({i: next, outcome: 'FAIL:crash', failure: true, detail: `worker ended with ${signal ?? `code ${code}`} during case ${next}`});
      from = crashed ? next + 1 : next;
      done += results.length + (crashed ? 1 : 0);
      process.stderr.write(`\r${done}/${total} cases, ${failures.length} failed`);
    }
  };
  let done = 0;
  const ranges = [];
  for (let from = 0; from < total; from += chunk) ranges.push([from, Math.min(total, from + chunk)]);
  const jobs = Math.max(1, option('jobs', 2));
  await Promise.all(Array.from({length: jobs}, async () => {
    for (let r = ranges.shift(); r !== undefined; r = ranges.shift()) await runRange(r[0], r[1]);
  }));
  process.stderr.write('\n');
  const rows = [...tally.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`Loader fuzz: ${total} cases, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  console.log('| outcome | cases |\n|---|---:|');
  for (const [k, n] of rows) console.log(`| ${k} | ${n} |`);
  for (const f of failures.sort((a, b) => a.i - b.i).slice(0, 30)) console.log(`\n#${f.i} ${f.outcome}: ${f.detail}`);
  process.exit(failures.length === 0 ? 0 : 1);
}

if (flag('worker')) await worker();
else await main();
