# sendto(data, address) and sendto(data, flags, address), and what happens when the arguments are wrong.
import socket
h = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
h.bind(('127.0.0.1', 0))
me = h.getsockname()
h.sendto(b'plain', me)
h.sendto(b'flagged', 0, me)
h.recvfrom(100)[0]
h.recvfrom(100)[0]
h.sendto(b'x')
h.sendto(b'x', 0, 0, me)
h.sendto('text', me)
h.sendto(b'x', 'nowhere')
h.sendto(b'x', ('127.0.0.1',))
h.sendto(b'x', 'y', me)
h.sendto(b'x', ('127.0.0.1', 0))
h.sendto(b'x' * 70000, me)
h.sendto(b'x', ('no-such-host.invalid', 9))
h.sendto(bytearray(b'ok'), me)
h.recv(10)
