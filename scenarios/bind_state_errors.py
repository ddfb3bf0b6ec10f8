# bind() works once: again on a bound, connected or closed socket it fails with EINVAL or EBADF.
import socket
s = socket.socket()
s.bind(('127.0.0.1', 0))
s.bind(('127.0.0.1', 0))
s.listen(1)
s.bind(('127.0.0.1', 0))
c = socket.create_connection(s.getsockname())
c.bind(('127.0.0.1', 0))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
u.bind(('127.0.0.1', 0))
s.close()
s.bind(('127.0.0.1', 0))
