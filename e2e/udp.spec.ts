// A UDP exchange with a python3 peer: message boundaries kept, a datagram cut to
// the buffer size, replies from the method panel.
import { expect, test } from './fixtures';
import { runPython } from './support/python';

const PYTHON_UDP_PEER = `
import socket, sys
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
u.settimeout(15)
print('port', u.getsockname()[1], flush=True)
target = ('127.0.0.1', int(sys.argv[1]))
u.sendto(b'ping', target)
u.sendto(b'0123456789', target)
data, addr = u.recvfrom(1024)
print(repr(data), addr == target, flush=True)
`;

test('a UDP exchange with a python3 peer', async ({ playground: app }) => {
  const udp = await app.newSocket('AF_INET', 'SOCK_DGRAM');
  await app.select(udp);
  await expect(await app.call('bind', { Host: '127.0.0.1', Port: '0' })).toHaveText('None');
  const port = await app.localPort(udp);

  const peer = runPython(PYTHON_UDP_PEER, [String(port)]);
  const peerPort = Number((await peer.waitForLine(/^port \d+$/)).split(' ')[1]);

  // One datagram per recvfrom: the boundaries are kept.
  await expect(await app.call('recvfrom', { 'Buffer size': '1024' })).toHaveText(`(b'ping', ('127.0.0.1', ${peerPort}))`);
  // A datagram longer than the buffer is cut, the rest dropped.
  expect(await app.run(`${udp}.recvfrom(4)`)).toBe(`(b'0123', ('127.0.0.1', ${peerPort}))`);

  await expect(await app.call('sendto', { Data: '706f6e67', Format: 'hex', Host: '127.0.0.1', Port: String(peerPort) })).toHaveText('4');
  expect(await peer.done).toContain("b'pong' True");

  await app.showOnlyData();
  await expect(app.logRows({ kind: 'data', direction: 'in', text: 'ping' })).toHaveCount(1);
  await expect(app.logRows({ kind: 'data', direction: 'in', text: '0123456789' })).toHaveCount(1);
  await expect(app.logRows({ kind: 'data', direction: 'out', text: 'pong' })).toHaveCount(1);
  expect(await app.run(`${udp}.recvfrom(1024, socket.MSG_DONTWAIT)`)).toBe('BlockingIOError: [Errno 11] Resource temporarily unavailable');
});
