// Renders build/icon.svg to build/icon.png (1024 px, what electron-builder turns
// into the .ico, .icns and Linux icons) with Chromium. Run after editing the SVG.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SIZE = 1024;
const svg = fs.readFileSync(fileURLToPath(new URL('./icon.svg', import.meta.url)), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('width="512" height="512"', `width="${SIZE}" height="${SIZE}"`)}</body></html>`);
  await page.screenshot({ path: fileURLToPath(new URL('./icon.png', import.meta.url)), omitBackground: true });
} finally {
  await browser.close();
}
