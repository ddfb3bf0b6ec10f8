// A TCP server driven from the panels, then the same from the console, with a
// python3 client on the other end: the bytes show in the log both ways.
import { expect, test } from './fixtures';
import { runPython } from './support/python';

/** A python3 client: connects, sends a greeting, prints what comes back, closes. */
const PYTHON_CLIENT = `
import socket, sys
c = socket.create_connection(('127.0.0.1', int(sys.argv[1])), timeout=15)
c.sendall(b'hello from python')
print('sent', flush=True)
print(repr(c.recv(1024)))
c.close()
`;

test('a TCP server from the panels talks to a python3 client', async ({ playground: app }) => {
  const srv = await app.newSocket('AF_INET', 'SOCK_STREAM');
  await app.select(srv);
  await expect(await app.call('bind', { Host: '127.0.0.1', Port: '0' })).toHaveText('None');
  await app.expectState(srv, 'bound');
  await expect(await app.call('listen', { Backlog: '5' })).toHaveText('None');
  await app.expectState(srv, 'listening');
  const port = await app.localPort(srv);

  const client = runPython(PYTHON_CLIENT, [String(port)]);
  await client.waitForLine(/^sent$/);
  // The connection waits in the accept queue before anyone accepts it.
  await expect(app.socket(srv).getByTestId('accept-queue')).toContainText('127.0.0.1');

  const accepted = await app.call('accept');
  await expect(accepted).toContainText(/^\(<socket\.socket fd=\d+, family=2, type=1, proto=0, laddr=\('127\.0\.0\.1', \d+\), raddr=\('127\.0\.0\.1', \d+\)>, \('127\.0\.0\.1', \d+\)\)$/);
  const conn = (await app.page.getByTestId('socket-item').last().getAttribute('data-names'))!.split(' ')[0];
  await app.select(conn);
  await expect(await app.call('recv', { 'Buffer size': '1024' })).toHaveText("b'hello from python'");

  // The bytes are in the log as one incoming chunk with their exact content.
  await app.showOnlyData();
  const inRow = app.logRows({ kind: 'data', direction: 'in' }).first();
  await expect(inRow).toContainText('17');
  const details = await app.openLogRow(inRow);
  await expect(details.locator('.hexdump')).toContainText('68 65 6c 6c 6f 20 66 72');
  await expect(details.locator('.text')).toHaveText('hello from python');

  // Reply from the method panel: text encoded as UTF-8.
  await expect(await app.call('sendall', { Data: 'reply from the panel', Format: 'text', Encoding: 'utf-8' })).toHaveText('None');
  expect(await client.done).toContain("b'reply from the panel'");
  await expect(app.logRows({ kind: 'data', direction: 'out', text: 'reply from the panel' })).toHaveCount(1);

  // The panels wrote the session as statements in the console.
  await expect(app.consoleOutput).toContainText(`${srv}.bind(('127.0.0.1', 0))`);
  await expect(app.consoleOutput).toContainText(`${conn}.sendall(b'reply from the panel')`);
});

test('the same exchange typed in the console', async ({ playground: app }) => {
  await app.run('import socket');
  await app.run('srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)');
  await app.run("srv.bind(('127.0.0.1', 0))");
  await app.run('srv.listen(1)');
  await app.expectState('srv', 'listening');
  const port = await app.localPort('srv');
  expect(await app.run('srv.getsockname()')).toBe(`('127.0.0.1', ${port})`);

  const client = runPython(PYTHON_CLIENT, [String(port)]);
  await app.run('conn, addr = srv.accept()');
  await app.expectState('conn', 'accepted');
  await client.waitForLine(/^sent$/);
  // TCP keeps no message boundaries: recv(5) gives the first five bytes only.
  expect(await app.run('conn.recv(5)')).toBe("b'hello'");
  expect(await app.run('conn.recv(1024)')).toBe("b' from python'");
  expect(await app.run("conn.sendall('你好'.encode('utf-8'))")).toBe('');
  expect(await client.done).toContain(String.raw`b'\xe4\xbd\xa0\xe5\xa5\xbd'`);
  // The peer closed: recv gives b''.
  expect(await app.run('conn.recv(1024)')).toBe("b''");
  await app.run('conn.close()');
  await app.expectState('conn', 'closed');
  // Errors print as Python's last traceback line.
  expect(await app.run('conn.send(b"x")')).toBe('OSError: [Errno 9] Bad file descriptor');
  // One chunk in (both recv calls read from it), one chunk out.
  await app.showOnlyData();
  await expect(app.logRows({ kind: 'data', direction: 'in' }).last()).toContainText('hello from python');
  await expect(app.logRows({ kind: 'data', direction: 'out' }).last()).toContainText('你好');
});
