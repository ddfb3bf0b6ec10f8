# IPv6 sockets on the wildcard address take IPv4 peers as ::ffff: addresses unless IPV6_V6ONLY is set (before the socket has a port); create_server() sets it unless asked for dual stack.
import socket
s = socket.socket(socket.AF_INET6)
s.bind(('::', 0))
s.listen()
port = s.getsockname()[1]
c = socket.create_connection(('127.0.0.1', port))
k, a = s.accept()
a[0]
len(a)
k.getsockname()[0]
k
c.getpeername()[0]
c.sendall(b'v4')
k.recv(5)
t = socket.socket(socket.AF_INET6)
t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
t.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
t.bind(('::', 0))
t.listen()
d = socket.socket()
d.connect_ex(('127.0.0.1', t.getsockname()[1]))
b4 = socket.socket()
b4.bind(('127.0.0.1', t.getsockname()[1]))
b5 = socket.socket()
b5.bind(('127.0.0.1', port))
v = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
v.bind(('::', 0))
w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
w.sendto(b'to v6', ('127.0.0.1', v.getsockname()[1]))
data, frm = v.recvfrom(10)
data
frm[0]
v.sendto(b'back', frm)
w.recvfrom(10)[0]
v.sendto(b'x', ('::ffff:127.0.0.1', w.getsockname()[1]))
w.recv(10)
x = socket.socket(socket.AF_INET6)
x.connect(('::ffff:127.0.0.1', port))
x.getpeername()
x.getsockname()[0]
t.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
d.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
d.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
y = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
y.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 5)
y.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
y.bind(('::', 0))
w.sendto(b'lost', ('127.0.0.1', y.getsockname()[1]))
y.settimeout(0.1)
y.recvfrom(10)
z = socket.create_server(('::', 0), family=socket.AF_INET6)
z.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
z2 = socket.create_server(('::', 0), family=socket.AF_INET6, dualstack_ipv6=True)
z2.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
e = socket.create_connection(('127.0.0.1', z2.getsockname()[1]))
e.getpeername()[1] == z2.getsockname()[1]
