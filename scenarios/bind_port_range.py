# A port is a 16-bit number: anything outside 0-65535 is refused before the kernel is asked.
import socket
s = socket.socket()
s.bind(('127.0.0.1', 70000))
s.bind(('127.0.0.1', 65536))
s.bind(('127.0.0.1', -1))
s.connect(('127.0.0.1', 70000))
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.sendto(b'x', ('127.0.0.1', 99999))
s.getsockname()
s.bind(('127.0.0.1', 0))
s.getsockname()[0]
