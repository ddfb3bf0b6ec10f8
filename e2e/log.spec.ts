// The traffic log: filters with counts, text and hex search, GBK in the details
// pane, pause and clear, a payload too large to come inline.
import { expect, test } from './fixtures';

test('filters, searches and decodes the log', async ({ playground: app }) => {
  const page = app.page;
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  await app.run('c = socket.create_connection(srv.getsockname())');
  await app.run('conn, addr = srv.accept()');
  await app.run("c.sendall('你好，世界'.encode('gbk'))");
  await app.run('conn.recv(100)');
  await app.run("conn.sendall(b'\\r\\nEND\\r\\n')");
  await app.run('c.recv(100)');
  const counts = page.getByTestId('log-counts');

  // Data only, then only what came in: the counts say how many match.
  await page.getByTestId('log-filter-data').click();
  await expect(counts).toHaveText(/^4 of \d+ events$/);
  await expect(app.logRows()).toHaveCount(4);
  await page.getByTestId('log-filter-direction').selectOption('in');
  await expect(counts).toHaveText(/^2 of \d+ events$/);
  await expect(app.logRows({ direction: 'out' })).toHaveCount(0);

  // One socket, every kind: its calls, states and bytes.
  await page.getByTestId('log-filter-direction').selectOption('');
  await page.getByTestId('log-filter-data').click();
  await page.getByTestId('log-filter-socket').selectOption({ label: 'conn' });
  await expect(app.logRows({ kind: 'call' }).first()).toBeVisible();
  for (const row of await app.logRows().all()) await expect(row.locator('.c-socket')).toHaveText('conn');
  await page.getByTestId('log-filter-socket').selectOption({ label: 'All sockets' });

  // Text search finds GBK bytes too; hex search finds CR LF; a bad hex string says why.
  await page.getByTestId('log-search').fill('世界');
  await expect(counts).toHaveText(/^2 of \d+ events$/); // the bytes out on c and in on conn
  await page.getByTestId('log-search-mode').selectOption('hex');
  await page.getByTestId('log-search').fill('0d 0a 45');
  await expect(counts).toHaveText(/^2 of \d+ events$/);
  await page.getByTestId('log-search').fill('0x0d 0x0a zz');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a hex digit' })).toHaveText('“z” at position 11 is not a hex digit.');
  await page.getByTestId('log-search').fill('0x0d:0x0a');
  await expect(counts).toHaveText(/^2 of \d+ events$/);
  await page.getByTestId('log-search').fill('');
  await page.getByTestId('log-search-mode').selectOption('text');

  // The GBK bytes read as Chinese once the details pane decodes them as GBK.
  await page.getByTestId('log-search').fill('世界');
  await expect(counts).toHaveText(/^2 of \d+ events$/);
  const details = await app.openLogRow(app.logRows({ kind: 'data' }).first());
  await expect(details.getByTestId('detail-hex')).toContainText('c4 e3 ba c3');
  await details.getByTestId('detail-encoding').selectOption('gbk');
  await expect(details.getByTestId('detail-text')).toHaveText('你好，世界');
  await details.getByTestId('detail-encoding').selectOption('latin-1');
  await expect(details.getByTestId('detail-text')).toHaveText('ÄãºÃ£¬ÊÀ½ç');
  await page.getByTestId('log-search').fill('');

  // Pause holds the view; new events still count; Resume shows them; Clear hides what was there.
  await expect(counts).toHaveText(/^\d+ events$/);
  await page.getByTestId('log-pause').click();
  const rowsBefore = await app.logRows().count();
  await app.run("c.sendall(b'while paused')");
  await expect(app.logRows({ text: 'while paused' })).toHaveCount(0);
  await page.getByTestId('log-pause').click();
  await expect(app.logRows({ text: 'while paused' }).first()).toBeVisible();
  expect(rowsBefore).toBeGreaterThan(0);
  await page.getByTestId('log-clear').click();
  await expect(app.logRows()).toHaveCount(0);
  await app.run("c.sendall(b'after clear')");
  await expect(app.logRows({ text: 'after clear' }).first()).toBeVisible();

  // A payload too large to come inline is read from the host when opened.
  await app.run("c.sendall(b'Z' * 100000)");
  const big = app.logRows({ kind: 'data', text: '100000' }).first();
  const bigDetails = await app.openLogRow(big);
  await expect(bigDetails.getByTestId('detail-hex')).toContainText('5a 5a 5a 5a');
});
