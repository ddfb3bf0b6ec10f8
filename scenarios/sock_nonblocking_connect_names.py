# A non-blocking connect on loopback: EINPROGRESS, yet the socket already has its address and, the handshake being done, its peer.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(2)
n = socket.socket()
n.setblocking(False)
n.connect(srv.getsockname())
n.getsockname()[0]
n.getpeername() == srv.getsockname()
n
n.connect(srv.getsockname())
n.connect(srv.getsockname())
conn, addr = srv.accept()
addr == n.getsockname()
m = socket.socket(socket.AF_INET6)
s6 = socket.socket(socket.AF_INET6)
s6.bind(('::1', 0))
s6.listen()
m.setblocking(False)
m.connect_ex(s6.getsockname())
m.getsockname()[0]
m.getpeername() == s6.getsockname()
