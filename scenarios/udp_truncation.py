# A buffer smaller than the datagram keeps the head and loses the tail; MSG_PEEK looks without consuming.
import socket
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(('127.0.0.1', 0))
w = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
w.sendto(b'ABCDEFGH', r.getsockname())
w.sendto(b'tail?', r.getsockname())
r.recvfrom(3, socket.MSG_PEEK)[0]
r.recv(5, socket.MSG_PEEK)
r.recv(3)
r.recv(100)
w.sendto(b'kept', r.getsockname())
r.recv(0)
r.recv(100)
r.settimeout(0.2)
r.recv(100)
