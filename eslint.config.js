// Lint rules that keep the architecture visible: one runtime per folder, and
// imports only toward shared/ (shared/ itself uses no Node, Electron or DOM).
import tseslint from 'typescript-eslint';

const NODE_MODULES = ['node:*', 'fs', 'path', 'os', 'net', 'dgram', 'dns', 'child_process', 'crypto', 'http', 'https', 'url', 'util', 'stream', 'events', 'perf_hooks', 'worker_threads', 'buffer'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bin/**', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_MODULES, message: 'shared/ runs in the renderer too: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'shared/ must not depend on Electron.' },
            { group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom'], message: 'shared/ imports nothing from the other folders.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'Buffer', 'process', 'require'],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The engine and the CLI run without Electron.' },
            { group: ['**/renderer/**', 'react', 'react-dom'], message: 'Main-process code imports only toward shared/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: NODE_MODULES, message: 'The renderer is DOM only.' },
            { group: ['electron', 'electron/*', '**/electron/**'], message: 'The renderer talks to the engine through the contract in shared/ only.' },
          ],
        },
      ],
    },
  },
);
