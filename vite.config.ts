import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = fileURLToPath(new URL('.', import.meta.url));

// The renderer is built from renderer/ into dist/renderer (served by browser mode
// and loaded by Electron); tests sit next to the code in every folder.
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // The page runs under a strict CSP: no inline scripts, so no inline preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // One bundle, loaded from disk or loopback: splitting it would buy nothing but requests.
    chunkSizeWarningLimit: 2048,
  },
  test: {
    root: here,
    include: [
      'electron/**/*.test.ts',
      'shared/**/*.test.ts',
      'renderer/**/*.test.ts',
      'renderer/**/*.test.tsx',
      'tests/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
