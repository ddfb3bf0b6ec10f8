import { defineConfig } from 'vitest/config';

// The renderer is built from renderer/ (see the app issue); tests sit next to the code.
export default defineConfig({
  root: '.',
  build: { outDir: 'dist/renderer' },
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
