# A UDP socket can be connected again to another peer (even to itself) and keeps its port throughout.
import socket
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(('127.0.0.1', 0))
port = u1.getsockname()[1]
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.bind(('127.0.0.1', 0))
u1.connect(u2.getsockname())
u1.connect(u1.getsockname())
u1.getsockname()[1] == port
u1.sendto(b'hello', u1.getsockname())
u1.settimeout(0.5)
u1.recvfrom(1)
u1.connect(u2.getsockname())
u1.sendto(b'elsewhere', u1.getsockname())
u1.getsockname()[1] == port
u2.sendto(b'from u2', u1.getsockname())
u1.recv(100)
u1.recv(100)
auto = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
auto.sendto(b'x', u2.getsockname())
first = auto.getsockname()
auto.connect(u2.getsockname())
auto.connect(u1.getsockname())
auto.getsockname() == first
