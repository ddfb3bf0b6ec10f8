# An unconnected UDP socket has no default destination: send() raises EDESTADDRREQ, sendto() picks a port for it.
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.getsockname()
u.send(b'where to?')
u.getpeername()
u.settimeout(0.2)
u.recv(10)
r = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
r.bind(('127.0.0.1', 0))
u.sendto(b'hello', r.getsockname())
u.getsockname()[0]
u.getsockname()[1] > 0
data, addr = r.recvfrom(100)
addr[1] == u.getsockname()[1]
r.sendto(b'back', addr)
u.recvfrom(100)[0]
