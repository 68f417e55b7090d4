// ESLint flat config for the Stratum monorepo. Run with `npm run lint`.
//
// - typescript-eslint `recommended` (syntax only, not type-aware: fast), `no-explicit-any` as an error.
// - No import cycles (import-x `no-cycle`). The resolver maps `.js` relative imports to the `.ts` source
//   and workspace packages (`stratum`, `@stratum/*`) to their `src/`, so cycles across packages count.
// - Small files: warn past 400 lines a file and 80 lines a function (tests excluded). The lint script runs
//   with `--max-warnings=0`, so a warning fails it too.
// - `@tensorflow/*` is imported only by packages/core (and by tests and bench/): the backend seam.
import {readFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {defineConfig} from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, {createNodeResolver} from 'eslint-plugin-import-x';

const root = path.dirname(fileURLToPath(import.meta.url));

/** Workspace package name -> its `src` folder, read from the root package.json's `workspaces`. */
function workspaceAliases() {
  const {workspaces} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const alias = {};
  for (const dir of workspaces) {
    const manifest = path.join(root, dir, 'package.json');
    const src = path.join(root, dir, 'src');
    if (!existsSync(manifest) || !existsSync(src)) continue;
    alias[JSON.parse(readFileSync(manifest, 'utf8')).name] = [src];
  }
  return alias;
}

const tsExtensions = ['.ts', '.tsx', '.mts', '.cts'];

const workspaces = workspaceAliases();
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// Workspace packages count as internal, so `no-cycle` follows them even with `ignoreExternal`.
const internalRegex = `^(${Object.keys(workspaces).map(escape).join('|')})(/.*)?$`;

const resolver = createNodeResolver({
  extensions: [...tsExtensions, '.d.ts', '.js', '.mjs', '.cjs', '.json'],
  extensionAlias: {'.js': ['.ts', '.tsx', '.d.ts', '.js'], '.mjs': ['.mts', '.mjs'], '.cjs': ['.cts', '.cjs']},
  conditionNames: ['types', 'import', 'require', 'default'],
  mainFields: ['types', 'module', 'main'],
  mainFiles: ['index'],
  alias: workspaces,
});

const testFiles = ['**/*.test.ts', '**/*.spec.ts'];

// Lint only each workspace's src/ (the CLI is given `packages examples bench`).
const onlySources = ['packages/*/*', '!packages/*/src', 'examples/*', '!examples/src', 'bench/*', '!bench/src'];

export default defineConfig(
  {
    name: 'stratum/ignores',
    ignores: ['**/dist/', '**/node_modules/', '**/.ipynb_checkpoints/', '.jupyter-home/', 'scratch/', ...onlySources],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'stratum/typescript',
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    plugins: {'import-x': importX},
    settings: {
      'import-x/extensions': [...tsExtensions, '.js', '.mjs', '.cjs'],
      'import-x/external-module-folders': ['node_modules', 'node_modules/@types'],
      'import-x/parsers': {'@typescript-eslint/parser': tsExtensions},
      'import-x/internal-regex': internalRegex,
      'import-x/resolver-next': [resolver],
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {
        args: 'after-used',
        argsIgnorePattern: '^_',
        varsIgnorePattern: '^_',
        caughtErrorsIgnorePattern: '^_',
        destructuredArrayIgnorePattern: '^_',
        ignoreRestSiblings: true,
      }],
      'import-x/no-cycle': ['error', {ignoreExternal: true}],
    },
  },
  {
    name: 'stratum/size-budget',
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    ignores: testFiles,
    rules: {
      'max-lines': ['warn', {max: 400, skipBlankLines: true, skipComments: true}],
      'max-lines-per-function': ['warn', {max: 80, skipBlankLines: true, skipComments: true, IIFEs: true}],
    },
  },
  {
    name: 'stratum/tfjs-only-in-core',
    files: ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'],
    ignores: ['packages/core/**', 'bench/**', ...testFiles],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@tensorflow/*'],
          message: 'Only packages/core talks to TensorFlow.js: use the ops, tensors and backend seam from @stratum/core.',
        }],
      }],
      'no-restricted-syntax': ['error', {
        selector: 'ImportExpression > Literal[value=/^@tensorflow\\//]',
        message: 'Only packages/core talks to TensorFlow.js: use the ops, tensors and backend seam from @stratum/core.',
      }],
    },
  },
);

