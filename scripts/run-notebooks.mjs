#!/usr/bin/env node
// Executes every examples/notebooks/*.ipynb headless and fails if any cell errors.
//
//   node scripts/run-notebooks.mjs                      # all notebooks (what `npm run test:notebooks` does)
//   node scripts/run-notebooks.mjs path/to/a.ipynb ...  # only these
//
// Kernel: Deno's Jupyter kernel, from the npm package `deno` (a root devDependency, so `npm install`
// brings it). It is registered on every run into `.jupyter-home/` at the repository root (git-ignored),
// never into the user's home, and Jupyter runs with HOME pointing there, so no kernel or config of the
// user's can change the result. Notebooks run in their own folder and import packages as a user does
// (`import * as st from 'stratum'`), resolved through the workspace's node_modules.
//
// Jupyter itself comes from Debian (`bash scripts/setup-notebooks.sh`). Where it is missing this script
// says so; it then fails when CI=true and otherwise skips with a loud message.
//
// Executed copies are written to a fresh temporary folder (printed at the end), never over the sources.
// STRATUM_NOTEBOOK_TIMEOUT sets the limit for one cell, in seconds (default 900).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const notebookDir = path.join(root, 'examples', 'notebooks');
const jupyterHome = path.join(root, '.jupyter-home');
const kernelsPath = path.join(jupyterHome, '.local', 'share', 'jupyter');
const kernelName = 'deno';
const isCI = ['true', '1', 'yes'].includes(String(process.env.CI ?? '').toLowerCase());
const cellTimeout = Number(process.env.STRATUM_NOTEBOOK_TIMEOUT ?? 900);
const MAX_BUFFER = 256 * 1024 * 1024;

function banner(lines) {
  const width = Math.max(...lines.map((l) => l.length)) + 4;
  const bar = '!'.repeat(width);
  console.log(['', bar, ...lines.map((l) => `! ${l.padEnd(width - 4)} !`), bar, ''].join('\n'));
}

function run(cmd, args, options = {}) {
  return spawnSync(cmd, args, {encoding: 'utf8', maxBuffer: MAX_BUFFER, ...options});
}

function fail(message) {
  console.error(`\nrun-notebooks: ${message}`);
  process.exit(1);
}

/** Jupyter's `nbconvert` version, or null when it cannot be run. */
function jupyterVersion() {
  const r = run('jupyter', ['nbconvert', '--version']);
  return r.status === 0 ? r.stdout.trim() : null;
}

function requireJupyter() {
  const version = jupyterVersion();
  if (version !== null) return version;
  const lines = [
    'Jupyter (nbconvert + nbclient) was not found: the notebooks in examples/notebooks were NOT run.',
    'Install it (Debian/Ubuntu, as root):   bash scripts/setup-notebooks.sh',
    'which runs: apt-get install --no-install-recommends jupyter-nbconvert jupyter-core',
    '            python3-nbclient jupyter-client',
    'then: npm run test:notebooks',
  ];
  if (isCI) {
    banner(['FAILED (CI=true): ' + lines[0], ...lines.slice(1)]);
    process.exit(1);
  }
  banner(['SKIPPED: ' + lines[0], ...lines.slice(1)]);
  process.exit(0);
}

/** The real Deno executable shipped by the npm package `deno` (its .bin entry may be a Node shim). */
function denoExecutable() {
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'deno.cmd' : 'deno');
  if (!existsSync(bin)) fail(`Deno was not found at ${bin}: run \`npm install\` at the repository root.`);
  const r = run(bin, ['eval', 'console.log(Deno.execPath())'], {env: {...process.env, NO_COLOR: '1'}});
  if (r.status !== 0) fail(`\`deno eval\` failed:\n${r.stderr}`);
  return r.stdout.trim();
}

/** Environment for Jupyter and the kernel: a project-local HOME, so runs are reproducible. */
function kernelEnv() {
  return {
    ...process.env,
    HOME: jupyterHome,
    JUPYTER_PATH: kernelsPath,
    JUPYTER_DATA_DIR: kernelsPath,
    JUPYTER_CONFIG_DIR: path.join(jupyterHome, '.jupyter'),
    JUPYTER_PLATFORM_DIRS: '0',
    NO_COLOR: '1',
    DENO_NO_UPDATE_CHECK: '1',
    DENO_NO_PROMPT: '1',
    PYDEVD_DISABLE_FILE_VALIDATION: '1',
  };
}

function registerKernel(deno) {
  mkdirSync(jupyterHome, {recursive: true});
  const r = run(deno, ['jupyter', '--install', '--force', '--name', kernelName, '--display', 'Deno (Stratum)'], {
    env: kernelEnv(),
  });
  const spec = path.join(kernelsPath, 'kernels', kernelName, 'kernel.json');
  if (r.status !== 0 || !existsSync(spec)) {
    fail(`could not register the Deno kernel into ${kernelsPath}:\n${r.stdout}${r.stderr}`);
  }
  return spec;
}

/** Every workspace package that the notebooks import must be built (`npm run build`). */
function requireBuild() {
  const missing = readdirSync(path.join(root, 'packages'))
    .filter((p) => existsSync(path.join(root, 'packages', p, 'src', 'index.ts')))
    .filter((p) => !existsSync(path.join(root, 'packages', p, 'dist', 'index.js')));
  if (missing.length > 0) {
    fail(`packages not built (${missing.join(', ')}): run \`npm run build\` (or \`npm install\`) first.`);
  }
}

function listNotebooks(args) {
  if (args.length > 0) {
    return args.map((a) => {
      const p = path.resolve(a);
      if (!existsSync(p)) fail(`no such notebook: ${a}`);
      return p;
    });
  }
  if (!existsSync(notebookDir)) fail(`no folder ${notebookDir}`);
  const found = readdirSync(notebookDir).filter((f) => f.endsWith('.ipynb')).sort();
  if (found.length === 0) fail(`no notebooks in ${notebookDir}`);
  return found.map((f) => path.join(notebookDir, f));
}

const stripAnsi = (s) => s.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
const text = (v) => (Array.isArray(v) ? v.join('') : String(v ?? ''));

/** Cells of an executed notebook whose outputs hold an error (cells tagged `raises-exception` excepted). */
function cellErrors(executedPath) {
  const nb = JSON.parse(readFileSync(executedPath, 'utf8'));
  const errors = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== 'code') return;
    if ((cell.metadata?.tags ?? []).includes('raises-exception')) return;
    for (const out of cell.outputs ?? []) {
      if (out.output_type !== 'error') continue;
      errors.push({
        cell: index + 1,
        executionCount: cell.execution_count,
        firstLine: text(cell.source).split('\n').find((l) => l.trim() !== '') ?? '',
        error: `${out.ename}: ${out.evalue}`,
        traceback: stripAnsi((out.traceback ?? []).join('\n')),
      });
    }
  });
  return {errors, cells: nb.cells.length};
}

function executeNotebook(notebook, outDir) {
  const name = path.basename(notebook);
  const start = performance.now();
  const r = run('jupyter', [
    'nbconvert', '--to', 'notebook', '--execute', '--allow-errors',
    `--ExecutePreprocessor.kernel_name=${kernelName}`,
    `--ExecutePreprocessor.timeout=${cellTimeout}`,
    '--output-dir', outDir, '--output', name,
    notebook,
  ], {env: kernelEnv(), cwd: path.dirname(notebook)});
  const seconds = (performance.now() - start) / 1000;
  const executed = path.join(outDir, name);
  if (r.status !== 0 || !existsSync(executed)) {
    const log = stripAnsi(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
    return {name, seconds, ok: false, detail: `nbconvert exited with ${r.status}:\n${log.split('\n').slice(-40).join('\n')}`};
  }
  const {errors, cells} = cellErrors(executed);
  if (errors.length === 0) return {name, seconds, ok: true, detail: `${cells} cells`};
  const detail = errors.map((e) => [
    `cell ${e.cell} (execution count ${e.executionCount ?? '-'}): ${e.firstLine.trim()}`,
    `  ${e.error}`,
    ...e.traceback.split('\n').slice(0, 15).map((l) => `    ${l}`),
  ].join('\n')).join('\n');
  return {name, seconds, ok: false, detail};
}

function main() {
  const notebooks = listNotebooks(process.argv.slice(2));
  const nbconvert = requireJupyter();
  requireBuild();
  const deno = denoExecutable();
  const spec = registerKernel(deno);
  const denoVersion = run(deno, ['--version']).stdout.split('\n')[0];
  console.log(`run-notebooks: nbconvert ${nbconvert}, ${denoVersion}, kernel '${kernelName}' from ${spec}`);

  const outDir = mkdtempSync(path.join(os.tmpdir(), 'stratum-notebooks-'));
  const results = [];
  for (const notebook of notebooks) {
    const result = executeNotebook(notebook, outDir);
    results.push(result);
    const mark = result.ok ? 'ok  ' : 'FAIL';
    console.log(`  ${mark} ${path.relative(root, notebook)} (${result.seconds.toFixed(1)} s)${result.ok ? `, ${result.detail}` : ''}`);
    if (!result.ok) console.log(result.detail.replace(/^/gm, '       '));
  }
  const failed = results.filter((r) => !r.ok).length;
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`run-notebooks: executed copies in ${outDir}`);
  console.log(`run-notebooks: ${total.toFixed(1)} s in all`);
  console.log(`notebooks: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
