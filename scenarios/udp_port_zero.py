# Port 0 as a destination: sendto() refuses it, connect() accepts it (but the socket has no peer to show), and what it sends comes back as a refusal.
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b'x', ('127.0.0.1', 0))
u.getsockname()[1] != 0
u.connect(('127.0.0.1', 0))
u.getpeername()
u.send(b'x')
u.settimeout(0.2)
u.recv(1)
u.recv(1)
