// socketserver in the app: a ThreadingTCPServer serves two python3 clients at
// once; a TCPServer makes the second wait in the accept queue.
import { expect, test } from './fixtures';
import { runPython } from './support/python';

/** A python3 client: connects, sends, waits for the reply, prints it and how long the whole took. */
const CLIENT = `
import socket, sys, time
t0 = time.monotonic()
c = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
c.sendall(b'hi')
print('sent', flush=True)
reply = c.recv(100)
print(repr(reply), round(time.monotonic() - t0, 2), flush=True)
`;

async function startFromPanel(app: import('./pages/playground').PlaygroundPage, cls: string, delay: string): Promise<number> {
  const page = app.page;
  await page.getByTestId('sockets-tab-servers').click();
  await page.getByTestId('server-class').selectOption(cls);
  await page.getByTestId('server-handler').selectOption('slow-hello');
  await page.getByTestId('server-delay').fill(delay);
  await page.getByTestId('server-start').click();
  const item = page.locator(`[data-testid="server-item"][data-class="${cls}"][data-status="serving"]`);
  await expect(item).toBeVisible();
  const address = (await item.locator('.socket-meta code').textContent()) ?? '';
  return Number(/, (\d+)\)/.exec(address)![1]);
}

test('a ThreadingTCPServer serves two clients at once, a TCPServer one after the other', async ({ playground: app }) => {
  test.setTimeout(60_000);
  const page = app.page;
  const threaded = await startFromPanel(app, 'ThreadingTCPServer', '1.5');
  const a = runPython(CLIENT, [String(threaded)]);
  const b = runPython(CLIENT, [String(threaded)]);
  const threadedItem = page.locator('[data-testid="server-item"][data-class="ThreadingTCPServer"]');
  await expect(threadedItem.getByTestId('server-counts')).toContainText('2 being served');
  const [outA, outB] = await Promise.all([a.done, b.done]);
  for (const out of [outA, outB]) expect(out).toMatch(/b'hello' (1\.[5-9]|2\.\d)/);

  // The same with a TCPServer: one is served, the other waits in the accept queue.
  const sequential = await startFromPanel(app, 'TCPServer', '1.5');
  const c = runPython(CLIENT, [String(sequential)]);
  const d = runPython(CLIENT, [String(sequential)]);
  const seqItem = page.locator('[data-testid="server-item"][data-class="TCPServer"]');
  await expect(seqItem.getByTestId('server-counts')).toContainText('1 being served · 1 waiting in the queue');
  const times = (await Promise.all([c.done, d.done])).map((o) => Number(/b'hello' ([\d.]+)/.exec(o)![1])).sort((x, y) => x - y);
  expect(times[0]).toBeLessThan(2.9);
  expect(times[1]).toBeGreaterThanOrEqual(2.9); // waited for the first one's 1.5 s, then its own

  // The server's sockets are in the socket list, marked as the server's; the program is Python's.
  await page.getByTestId('sockets-tab-sockets').click();
  await expect(page.getByTestId('socket-owner').first()).toContainText('server #');
  await page.getByTestId('sockets-tab-servers').click();
  await seqItem.getByTestId('server-python').click();
  await expect(seqItem.getByTestId('server-program')).toContainText('socketserver.TCPServer');
  await seqItem.getByTestId('server-stop').click();
  await expect(seqItem).toHaveAttribute('data-status', 'stopped');
});
