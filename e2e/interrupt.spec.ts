// A blocked call shows on its socket with its elapsed time and an Interrupt
// button; the rest of the app stays usable; Interrupt raises KeyboardInterrupt.
import { expect, test } from './fixtures';
import { runPython } from './support/python';

test('interrupt a blocked accept()', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  const blocked = await app.type('conn, addr = srv.accept()');
  await expect(blocked).toHaveAttribute('data-status', 'running');

  const pending = app.socket('srv').getByTestId('pending-call');
  await expect(pending).toContainText('blocked in accept()');
  // The elapsed time counts up while it waits.
  const first = await pending.textContent();
  await expect(pending).not.toHaveText(first!);

  // Everything else stays usable: the console and the panels.
  expect(await app.run('srv.gettimeout()')).toBe('');
  expect(await app.run('srv.getblocking()')).toBe('True');
  const other = await app.newSocket('AF_INET', 'SOCK_DGRAM');
  await app.expectState(other, 'created');

  await app.socket('srv').getByTestId('interrupt').click();
  await expect(blocked).toHaveAttribute('data-status', /done|failed/);
  await expect(blocked.locator('pre').last()).toHaveText('KeyboardInterrupt');
  await expect(pending).toHaveCount(0);

  // The listener is unharmed: the next connection is accepted.
  const port = await app.localPort('srv');
  const client = runPython(`import socket, sys\nc = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=10)\nc.sendall(b'late')\nc.close()`, [String(port)]);
  await client.done;
  await app.run('conn, addr = srv.accept()');
  expect(await app.run('conn.recv(100)')).toBe("b'late'");
});

test('interrupt a recv() called from the method panel', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket()');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen()');
  await app.run('a = socket.create_connection(srv.getsockname())');
  await app.run('b, addr = srv.accept()');
  await app.select('b');
  const outcome = await app.call('recv', { 'Buffer size': '64' });
  const pending = app.socket('b').getByTestId('pending-call');
  await expect(pending).toContainText('blocked in recv()');
  // Another socket blocks too: each Interrupt button stops its own socket's call only.
  const other = await app.type('a.recv(64)');
  await expect(app.socket('a').getByTestId('pending-call')).toContainText('blocked in recv()');
  await pending.getByTestId('interrupt').click();
  await expect(outcome).toHaveText('KeyboardInterrupt');
  await expect(other).toHaveAttribute('data-status', 'running');
  await app.run("b.sendall(b'to a')");
  await expect(other).toHaveAttribute('data-status', 'done');
  await expect(other.locator('pre')).toHaveText("b'to a'");
  await app.run("a.sendall(b'after')");
  expect(await app.run('b.recv(64)')).toBe("b'after'");
});
