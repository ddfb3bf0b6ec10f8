# Host strings as getaddrinfo() reads them: IPv6 scopes (numbers anywhere, interface names only on link-local addresses), inet_aton's short forms, the wrong family; connecting to the wildcard address reaches loopback.
import socket
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
u.bind(('::1%lo', 0))
u.bind(('fe80::1%lo', 0))
u.bind(('fe80::1%1', 0))
u.bind(('fe80::1%nosuch', 0))
u.bind(('fe80::1', 0))
u.bind(('127.0.0.1', 0))
u.bind(('localhost', 0))
u.bind(('::1%1', 0))
u.getsockname()[0]
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.bind(('::1%lo', 0))
v.bind(('::1', 0))
v.bind(('127.0.0.1%lo', 0))
v.bind((' 127.0.0.1', 0))
v.bind(('localhost.', 0))
v.bind(('127.1', 0))
v.getsockname()[0]
w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
w.bind(('0x7f.1', 0))
w.getsockname()[0]
x = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
x.bind(('2130706433', 0))
x.getsockname()[0]
y = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
y.bind(('127.0.0.01', 0))
y.getsockname()[0]
y.sendto(b'x', ('127.1', y.getsockname()[1]))
y.recvfrom(10)[0]
y.sendto(b'x', ('0', 9))
y.connect(('0', y.getsockname()[1]))
y.getpeername()[0]
z = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
z.bind(('::ffff:127.0.0.1', 0))
z.getsockname()[0]
z.bind(('0:0:0:0:0:0:0:1', 0))
a = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
a.bind(('0:0:0:0:0:0:0:1', 0))
a.getsockname()[0]
socket.gethostbyname('127.1')
socket.gethostbyname('0x7f000001')
socket.gethostbyname('::1')
socket.gethostbyname('')
socket.gethostbyname('localhost')
socket.gethostbyname('256.1.1.1')
socket.gethostbyname(b'127.0.0.1')
srv = socket.socket()
srv.bind(('0.0.0.0', 0))
srv.listen()
t = socket.socket()
t.connect(('0.0.0.0', srv.getsockname()[1]))
t.getpeername()[0]
c, a = srv.accept()
a[0]
c.getsockname()[0]
s6 = socket.socket(socket.AF_INET6)
s6.bind(('::', 0))
s6.listen()
t6 = socket.socket(socket.AF_INET6)
t6.connect(('::', s6.getsockname()[1]))
t6.getpeername()[0]
t7 = socket.socket(socket.AF_INET6)
t7.connect(('::1%1', s6.getsockname()[1]))
t7.getpeername()
t8 = socket.socket()
t8.connect_ex(('', srv.getsockname()[1]))
t8.getpeername()[0]
