# A connected UDP socket talks to one peer: it can use send()/recv(), and it ignores datagrams from anyone else.
import time
import socket
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
a.bind(('127.0.0.1', 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
b.bind(('127.0.0.1', 0))
stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
stranger.bind(('127.0.0.1', 0))
a.connect(b.getsockname())
a.getpeername() == b.getsockname()
stranger.sendto(b'from a stranger', a.getsockname())
b.sendto(b'from b', a.getsockname())
time.sleep(0.05)
a.settimeout(0.2)
data, addr = a.recvfrom(100)
data
addr == b.getsockname()
a.recv(100)
a.send(b'to b')
b.recvfrom(100)[0]
a.sendto(b'detour', stranger.getsockname())
stranger.recv(100)
a.connect(stranger.getsockname())
a.getpeername() == stranger.getsockname()
stranger.sendto(b'now you hear me', a.getsockname())
a.recv(100)
