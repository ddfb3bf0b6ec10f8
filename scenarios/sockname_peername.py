# getsockname()/getpeername() through a socket's life: unbound, bound, listening, connected, for each family.
import socket
t = socket.socket()
t.getsockname()
t.getpeername()
t.bind(('127.0.0.1', 0))
t.getsockname()[0]
t.getpeername()
t.listen(1)
c = socket.socket()
c.connect(t.getsockname())
c.getpeername() == t.getsockname()
c.getsockname()[0]
conn, addr = t.accept()
conn.getsockname() == t.getsockname()
conn.getpeername() == addr
t6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
t6.getsockname()
t6.getpeername()
u6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u6.getsockname()
ux = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
ux.getsockname()
ux.getpeername()
