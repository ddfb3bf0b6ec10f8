# Datagrams over IPv6 loopback: recvfrom() reports the sender as a 4-tuple.
import socket
a = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
a.bind(('::1', 0))
b = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
b.bind(('::1', 0, 0, 0))
b.sendto(b'six', a.getsockname())
data, sender = a.recvfrom(100)
data
len(sender)
sender[0]
sender == b.getsockname()
a.sendto(b'back', sender[:2])
b.recvfrom(100)[0]
a.sendto(b'x', ('::1',))
a.sendto(b'x', ('127.0.0.1', 9))
