// Flat ESLint config. The layer rules below are the architecture: a file's folder decides what it may import,
// so a wrong import fails `npm run lint` (and CI) instead of rotting the design quietly.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const electronModules = ['electron', 'electron-store', 'electron-updater', 'electron-log/main', 'electron-log/renderer'];
// Node's built-ins by their bare names ('fs', 'path', ...): the 'node:*' pattern alone lets `import fs from 'fs'` through.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const forbid = (patterns, message, names = []) => ({
  'no-restricted-imports': [
    'error',
    { paths: names.map((name) => ({ name, message })), patterns: patterns.map((group) => ({ group: [group], message })) },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'packages/*/dist/**', 'dist-renderer/**', 'release/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // The simulator is a stand-alone TWS: it depends on nothing else in src/.
    files: ['src/simulator/**/*.ts'],
    rules: forbid(['**/core/**', '**/common/**', '**/main/**', '**/preload/**', '**/cli/**', ...electronModules], 'src/simulator depends on nothing else in src/ and never on Electron.'),
  },
  {
    // Shared types and schemas: plain TypeScript usable by every runtime.
    files: ['src/common/**/*.ts'],
    rules: forbid(['**/core/**', '**/simulator/**', '**/main/**', '**/preload/**', '**/cli/**', 'node:*', ...electronModules], 'src/common is runtime-neutral: no Node, no Electron, no other layer.', nodeBuiltins),
  },
  {
    // The proxy itself is plain Node so that headless mode and the desktop app host the same code.
    files: ['src/core/**/*.ts'],
    rules: forbid(['**/main/**', '**/preload/**', '**/cli/**', '**/simulator/**', ...electronModules], 'src/core is plain Node: it never imports Electron, the shells around it or the simulator.'),
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: forbid(['**/main/**', '**/preload/**', ...electronModules], 'The headless entry point must run without Electron.'),
  },
  {
    // The Electron shell wires the core into tray, window and IPC. Demo mode embeds the simulator, as the CLI does.
    files: ['src/main/**/*.ts'],
    rules: forbid(['**/preload/**', '**/cli/**', '**/renderer/**'], 'src/main wires the core to Electron: it never reaches into the preload, the CLI or the renderer.'),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: forbid(['**/core/**', '**/simulator/**', '**/main/**', '**/cli/**', 'node:*'], 'The preload bridge only forwards typed IPC: no core logic, no Node modules.', nodeBuiltins),
  },
  {
    // The typed client library runs in browsers and Node and is published on its own: it may import the shared
    // schemas (src/common, bundled into the package) and zod, nothing else. `ws` is injected by Node callers.
    files: ['packages/client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'packages/client runs in browsers: no Node built-ins.' })),
          patterns: [
            {
              group: ['**/src/core/**', '**/core/**', '**/simulator/**', '**/main/**', '**/preload/**', '**/cli/**', '**/renderer/**', '**/test/**', 'node:*'],
              message: 'packages/client may import only src/common and zod.',
            },
            { regex: '^(?!zod$|\\.{1,2}/)', message: 'packages/client may import only src/common and zod (a WebSocket class such as ws is passed in by the caller).' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbid(['**/src/core/**', '**/src/simulator/**', '**/src/main/**', '**/src/preload/**', 'node:*', ...electronModules], 'The renderer talks only to the typed preload API (src/common types are allowed).', nodeBuiltins),
  },
);
