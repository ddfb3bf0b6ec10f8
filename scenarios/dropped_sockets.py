# A socket object nobody refers to any more is closed, as CPython's reference counting does: rebinding a name or throwing away a value closes it.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(5)
socket.create_connection(srv.getsockname())
socket.create_connection(srv.getsockname())
a, _ = srv.accept()
a.recv(10)
c = socket.create_connection(srv.getsockname())
b, _ = srv.accept()
c.sendall(b'left unread')
b, _ = srv.accept()
c.recv(10)
c.recv(10)
keep = socket.create_connection(srv.getsockname())
pair = (keep, 1)
keep = None
d, _ = srv.accept()
d.settimeout(0.1)
d.recv(10)
pair = None
d.settimeout(None)
d.recv(10)
