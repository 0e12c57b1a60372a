import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), 'src');

/**
 * The layer of a file in src/, lowest first: api (the OUTSCALE contract) → components, lib (shared UI and
 * plumbing) → one feature → app → the entry (main.tsx). null: not in src/.
 */
function layerOf(file) {
  const path = relative(SRC, file).split(sep).join('/');
  if (path.startsWith('..') || path === '') return null;
  const [top, second] = path.split('/');
  if (top === 'api') return { rank: 0, name: 'src/api' };
  if (top === 'components' || top === 'lib') return { rank: 1, name: `src/${top}` };
  if (top === 'features') return { rank: 2, name: `src/features/${second}`, feature: second };
  if (top === 'app') return { rank: 3, name: 'src/app' };
  return { rank: 4, name: `src/${path}` };
}

/**
 * Imports in src/ run one way: down the layers, never up, never from one feature into another, and (tests apart)
 * never out of src/. Same-layer imports are fine (lib ↔ components, inside one feature).
 */
const oneWayImports = {
  meta: {
    type: 'problem',
    docs: { description: 'src/ layers: api → components/lib → features → app; no feature imports another' },
    schema: [],
    messages: {
      up: '{{from}} may not import {{to}}: imports go down the layers (api → components/lib → features → app), never up.',
      sideways: '{{from}} may not import {{to}}: a feature imports no other feature; share through src/lib or src/components, or take a callback from src/app.',
      outside: '{{from}} may not import {{source}}: src/ is the browser bundle and imports nothing outside src/.',
    },
  },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    const isTest = /\.test\.tsx?$/.test(context.filename);
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('./') && !source.value.startsWith('../')) return;
      const to = layerOf(resolve(dirname(context.filename), source.value));
      // A test may start the sandbox (server/): it is not part of the bundle.
      if (!to && isTest) return;
      if (!to) return context.report({ node: source, messageId: 'outside', data: { from: from.name, source: source.value } });
      if (to.rank > from.rank) return context.report({ node: source, messageId: 'up', data: { from: from.name, to: to.name } });
      if (to.feature && from.feature && to.feature !== from.feature) context.report({ node: source, messageId: 'sideways', data: { from: from.name, to: to.name } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', '.data', '.stryker-tmp', 'reports'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error', 'log'] }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { layers: { rules: { 'one-way-imports': oneWayImports } } },
    rules: { 'layers/one-way-imports': 'error' },
  },
  {
    // The OUTSCALE contract runs in the browser and in the server alike: no React, no DOM, no Node.
    files: ['src/api/**/*.ts'],
    ignores: ['src/api/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'src/api runs in the browser too: no Node module.' })),
          patterns: [
            { group: ['node:*'], message: 'src/api runs in the browser too: no Node module.' },
            { group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/*', 'react-hook-form', '@hookform/*'], message: 'src/api is the OUTSCALE contract: no UI library.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'process', 'Buffer', '__dirname'].map((name) => ({
          name,
          message: 'src/api runs in the browser and in the server: no DOM or Node global.',
        })),
      ],
    },
  },
  {
    // Playwright fixtures call their setup argument `use`; it is not React's hook.
    files: ['e2e/**/*.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.node } },
  },
);
