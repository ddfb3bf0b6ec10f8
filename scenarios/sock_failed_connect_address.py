# A failed connect keeps the port the kernel picked for it: getsockname() shows it with the source address until connect() reports the failure, then with the wildcard; such a socket may bind again but never listen.
import time
import socket
a = socket.socket()
a.connect(('127.0.0.1', 1))
a.getsockname()
a
a.bind(('127.0.0.1', 0))
a.getsockname()[0]
a.listen()
b = socket.socket()
b.setblocking(False)
b.connect_ex(('127.0.0.1', 1))
b.getsockname()
time.sleep(0.01)
b
b.connect_ex(('127.0.0.1', 1))
b.getsockname()
c = socket.socket()
c.setblocking(False)
c.connect_ex(('127.0.0.1', 1))
c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
c.getsockname()
c.connect_ex(('127.0.0.1', 1))
c.getsockname()
d = socket.socket()
d.settimeout(0.2)
d.connect_ex(('127.0.0.1', 1))
d.getsockname()
d.connect_ex(('127.0.0.1', 1))
d.getsockname()
d.listen(1)
e = socket.socket(socket.AF_INET6)
e.connect(('::1', 1))
e
f = socket.socket()
f.setblocking(False)
f.connect_ex(('127.0.0.1', 1))
f.bind(('127.0.0.1', 0))
f.getsockname()[0]
f.listen()
f.connect_ex(('127.0.0.1', 1))
f.getsockname()[0]
