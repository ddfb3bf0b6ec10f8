// What the in-browser benchmarks share: which Chromium, how it is started, and the
// quantiles they report.
import fs from 'node:fs';

/** Debian's Chromium (Playwright's own download is blocked here); CHROMIUM_PATH wins. */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** The launch flags that work on this kind of machine (headless, no sandbox, no GPU, nothing from the network). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH ?? (fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined);
}

/** The q-quantile (0..1) of the values, NaN for none. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * q))] ?? NaN;
}
