# A TCP conversation over IPv6 loopback: every address is a 4-tuple (host, port, flowinfo, scope_id).
import socket
srv = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
srv.bind(('::1', 0))
srv.listen(1)
where = srv.getsockname()
len(where)
where[0]
where[2:]
cli = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
cli.connect(('::1', where[1], 0, 0))
conn, addr = srv.accept()
len(addr)
addr == cli.getsockname()
cli.getpeername() == where
cli.sendall(b'over six')
conn.recv(100)
conn.sendall(b'and back')
cli.recv(100)
srv.bind(('::1', 0, 0))
cli.connect(('::1',))
c4 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
c4.connect(('127.0.0.1', where[1]))
