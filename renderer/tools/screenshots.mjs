// `npm run screenshots`: starts browser mode, drives the real UI with Chromium
// (Debian's /usr/bin/chromium, through playwright-core) through a small TCP
// session, and writes PNGs of the main view in English and Chinese, light and
// dark, to docs/screenshots/.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'docs/screenshots');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(executablePath)) {
  console.error(`Chromium not found at ${executablePath} (apt-get install chromium, or set CHROMIUM_PATH).`);
  process.exit(1);
}

for (const step of [['bin/build-cli.mjs'], ['renderer/tools/build-if-stale.mjs']]) {
  const r = spawnSync(process.execPath, step, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const server = spawn(process.execPath, ['dist/web.cjs', '--no-open', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let out = '';
  server.stdout.on('data', (d) => {
    out += d;
    const m = /Socket Playground: (\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.on('exit', (code) => reject(new Error(`web server exited (${code})`)));
});

const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'en-US', colorScheme: 'light' });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && !m.text().includes('404') && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.getByTestId('new-socket').waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="connection-banner"]'));

  const card = (name) => page.locator('.method-card', { has: page.getByTestId(`method-${name}`) });
  const consoleRun = async (source) => {
    await page.getByTestId('console-input').fill(source);
    await page.getByTestId('console-input').press('Enter');
  };

  // A TCP server from the panels: new socket, bind (any free port), listen.
  await page.getByTestId('new-socket').click();
  await page.getByTestId('socket-item').first().waitFor();
  await page.getByTestId('method-bind').waitFor();
  await card('bind').locator('input.port').fill('0');
  await page.getByTestId('method-bind').click();
  await page.locator('.state-bound').waitFor();
  await page.getByTestId('method-listen').click();
  await page.locator('.state-listening').waitFor();
  // A client from the console.
  await consoleRun('c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  await consoleRun('c.connect(s1.getsockname())');
  await page.locator('.accept-queue').waitFor();
  await consoleRun("c.sendall('你好, server\\n'.encode('utf-8'))");
  // Accept from the panel, then read from the console.
  await page.getByTestId('socket-item').first().click();
  await page.getByTestId('method-accept').click();
  await page.locator('[data-testid="socket-item"][data-names~="conn"]').waitFor();
  await consoleRun('conn.recv(1024)');
  await consoleRun("c.recv(10, socket.MSG_DONTWAIT)");
  await page.waitForTimeout(300);
  // Select the listener again and open a data row's details.
  await page.getByTestId('socket-item').first().click();
  await page.locator('[data-testid="log-row"].kind-data').first().click();
  await page.waitForTimeout(200);

  fs.mkdirSync(outDir, { recursive: true });
  const shots = [];
  for (const lang of ['en', 'zh']) {
    for (const theme of ['light', 'dark']) {
      const cur = await page.evaluate(() => ({ lang: document.documentElement.lang.startsWith('zh') ? 'zh' : 'en', theme: document.documentElement.dataset.theme }));
      if (cur.lang !== lang) await page.getByTestId('lang-switch').click();
      if (cur.theme !== theme) await page.getByTestId('theme-switch').click();
      await page.waitForTimeout(150);
      const file = path.join(outDir, `main-${lang}-${theme}.png`);
      await page.screenshot({ path: file });
      shots.push(path.relative(root, file));
    }
  }
  // A blocked call: accept() waiting on the listener, with its Interrupt button.
  await consoleRun('conn2, addr2 = s1.accept()');
  await page.getByTestId('pending-call').waitFor();
  await page.waitForTimeout(1200);
  for (const lang of ['en', 'zh']) {
    const cur = await page.evaluate(() => ({ lang: document.documentElement.lang.startsWith('zh') ? 'zh' : 'en', theme: document.documentElement.dataset.theme }));
    if (cur.lang !== lang) await page.getByTestId('lang-switch').click();
    if (cur.theme !== 'light') await page.getByTestId('theme-switch').click();
    await page.waitForTimeout(150);
    const file = path.join(outDir, `blocked-${lang}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(root, file));
  }
  await page.getByTestId('interrupt').click();

  // The traffic views: follow stream (two sends read by one recv) for the client.
  await consoleRun("c.sendall(b'GET /index.html HTTP/1.1\\r\\n')");
  await consoleRun("c.sendall(b'Host: example\\r\\n\\r\\n')");
  await consoleRun('conn.recv(1024)');
  await consoleRun("conn.sendall('HTTP/1.1 200 OK\\r\\n\\r\\n你好'.encode('utf-8'))");
  await consoleRun('c.recv(8)');
  await consoleRun('c.recv(1024)');
  await page.locator('[data-testid="socket-item"][data-names~="c"]').click();
  for (const view of ['stream', 'sequence', 'kernel']) {
    await page.getByTestId(`traffic-tab-${view}`).click();
    await page.waitForTimeout(700);
    for (const lang of ['en', 'zh']) {
      const cur = await page.evaluate(() => (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'));
      if (cur !== lang) await page.getByTestId('lang-switch').click();
      await page.waitForTimeout(200);
      const file = path.join(outDir, `${view}-${lang}.png`);
      await page.screenshot({ path: file });
      shots.push(path.relative(root, file));
    }
  }
  await page.getByTestId('traffic-tab-log').click();

  // The Servers tab: a ThreadingTCPServer with its Python program.
  await page.getByTestId('sockets-tab-servers').click();
  await page.getByTestId('server-class').selectOption('ThreadingTCPServer');
  await page.getByTestId('server-handler').selectOption('slow-hello');
  await page.getByTestId('server-start').click();
  await page.locator('[data-testid="server-item"][data-status="serving"]').waitFor();
  await page.getByTestId('server-python').first().click();
  for (const lang of ['en', 'zh']) {
    const cur = await page.evaluate(() => (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'));
    if (cur !== lang) await page.getByTestId('lang-switch').click();
    await page.waitForTimeout(200);
    const file = path.join(outDir, `servers-${lang}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(root, file));
  }
  await page.getByTestId('sockets-tab-sockets').click();

  // A lesson, a few steps in.
  await page.getByTestId('console-tab-script').click();
  await page.getByTestId('script-lessons').selectOption('05-tcp-server-and-client');
  await page.getByTestId('script-step').first().waitFor();
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('script-next').click();
    await page.locator(`[data-testid="script-step"]:nth-child(${i + 1})[data-status="ok"], [data-testid="script-step"]:nth-child(${i + 1})[data-status="error"]`).waitFor();
  }
  for (const lang of ['en', 'zh']) {
    const cur = await page.evaluate(() => (document.documentElement.lang.startsWith('zh') ? 'zh' : 'en'));
    if (cur !== lang) await page.getByTestId('lang-switch').click();
    await page.waitForTimeout(200);
    const file = path.join(outDir, `lesson-${lang}.png`);
    await page.screenshot({ path: file });
    shots.push(path.relative(root, file));
  }
  await page.getByTestId('console-tab-console').click();
  if (errors.length) console.error(`page errors:\n  ${errors.join('\n  ')}`);
  console.log(`wrote ${shots.join(', ')}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
