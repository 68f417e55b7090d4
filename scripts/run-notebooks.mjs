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
// Jupyter's nbclient executes the notebooks (through scripts/execute-notebook.py, which stops at the first
// failing cell and names it); it comes from Debian (`bash scripts/setup-notebooks.sh`). Where it is
// missing this script says so; it then fails when CI=true and otherwise skips with a loud message.
//
// Executed copies are written to a fresh temporary folder (printed at the end), never over the sources.
// STRATUM_NOTEBOOK_TIMEOUT sets the limit for one cell, in seconds (default 900).
import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync} from 'node:fs';
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

/** A Python with Jupyter's nbclient (Debian's /usr/bin/python3 before any other python3 on PATH). */
function findPython() {
  const candidates = [process.env.STRATUM_NOTEBOOK_PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean);
  for (const python of candidates) {
    const r = run(python, ['-c', 'import nbclient, nbformat, jupyter_client; print(nbclient.__version__)']);
    if (r.status === 0) return {python, nbclient: r.stdout.trim()};
  }
  return null;
}

function requireJupyter() {
  const found = findPython();
  if (found !== null) return found;
  const lines = [
    'Jupyter (nbclient) not found: examples/notebooks/*.ipynb were NOT run.',
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
const indent = (s, pad) => s.replace(/^/gm, pad);

/**
 * Deno's kernel answers a cell that does not parse with a bare "Execution failed". Parsing the cell
 * with `deno fmt` (which runs nothing) recovers the message and the position.
 */
function syntaxDiagnostic(deno, source) {
  const r = run(deno, ['fmt', '--ext=ts', '-'], {input: source, env: {...process.env, NO_COLOR: '1'}});
  if (r.status === 0) return '';
  return stripAnsi(r.stderr).split('\n').filter((l) => !/^\s*\d+: |Stack backtrace/.test(l)).join('\n').trim();
}

function describeFailure(report, deno) {
  const firstLine = (report.source ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  const where = report.cell === null ? 'before any cell ran' : `cell ${report.cell + 1}: ${firstLine.trim()}`;
  const lines = [`${where}`, `  ${report.kind}: ${report.ename}: ${report.evalue}`];
  const traceback = stripAnsi((report.traceback ?? []).join('\n')).trim();
  if (traceback !== '') lines.push(indent(traceback.split('\n').slice(0, 20).join('\n'), '    '));
  if (report.kind === 'error' && traceback === '' && report.source) {
    const diagnostic = syntaxDiagnostic(deno, report.source);
    if (diagnostic !== '') lines.push('  the cell does not parse:', indent(diagnostic, '    '));
  }
  return lines.join('\n');
}

function executeNotebook(notebook, outDir, python, deno) {
  const name = path.basename(notebook);
  const start = performance.now();
  const executed = path.join(outDir, name);
  const r = run(python, [path.join(root, 'scripts', 'execute-notebook.py'), notebook, executed, kernelName, String(cellTimeout)], {
    env: kernelEnv(), cwd: path.dirname(notebook),
  });
  const seconds = (performance.now() - start) / 1000;
  const lastLine = (r.stdout ?? '').trim().split('\n').pop() ?? '';
  let report = null;
  try {
    report = JSON.parse(lastLine);
  } catch {
    const log = stripAnsi(`${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`);
    return {name, seconds, ok: false, detail: `execute-notebook.py exited with ${r.status}:\n${log.split('\n').slice(-30).join('\n')}`};
  }
  if (report.ok) return {name, seconds, ok: true, detail: `${report.cells} cells`};
  let detail = describeFailure(report, deno);
  const kernelLog = stripAnsi(r.stderr ?? '').split('\n')
    .filter((l) => l.trim() !== '' && !/"deno jupyter" is unstable|MissingIDFieldWarning|validate\(nb\)/.test(l));
  if (kernelLog.length > 0) detail += `\n  kernel and Jupyter log (last lines):\n${indent(kernelLog.slice(-15).join('\n'), '    ')}`;
  return {name, seconds, ok: false, detail};
}

function main() {
  const notebooks = listNotebooks(process.argv.slice(2));
  const {python, nbclient} = requireJupyter();
  requireBuild();
  const deno = denoExecutable();
  const spec = registerKernel(deno);
  const denoVersion = run(deno, ['--version']).stdout.split('\n')[0];
  console.log(`run-notebooks: ${python} with nbclient ${nbclient}; ${denoVersion}; kernel '${kernelName}' from ${spec}`);

  const outDir = mkdtempSync(path.join(os.tmpdir(), 'stratum-notebooks-'));
  const results = [];
  for (const notebook of notebooks) {
    const result = executeNotebook(notebook, outDir, python, deno);
    results.push(result);
    const mark = result.ok ? 'ok  ' : 'FAIL';
    console.log(`  ${mark} ${path.relative(root, notebook)} (${result.seconds.toFixed(1)} s)${result.ok ? `, ${result.detail}` : ''}`);
    if (!result.ok) console.log(indent(result.detail, '       '));
  }
  const failed = results.filter((r) => !r.ok).length;
  const total = results.reduce((s, r) => s + r.seconds, 0);
  console.log(`run-notebooks: executed copies in ${outDir}`);
  console.log(`run-notebooks: ${total.toFixed(1)} s in all`);
  console.log(`notebooks: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main();
