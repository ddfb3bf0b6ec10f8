# reprs of datagram, IPv6 and Unix sockets: the address shapes differ by family.
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u
u.bind(('127.0.0.1', 0))
u.connect(u.getsockname())
u
v = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
v
v.bind(('::1', 0))
v
x = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
x
x.bind('/tmp/sp-conf-repr_udp_unix_v6-x.sock')
x
x.listen(1)
y = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
y.connect('/tmp/sp-conf-repr_udp_unix_v6-x.sock')
y
xd = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
xd
x.close()
x
