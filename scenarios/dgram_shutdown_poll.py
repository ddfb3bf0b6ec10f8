# After SHUT_RD a datagram socket polls readable: accept() with a timeout fails at once, recv() still waits out its timeout.
import socket
a = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
a.shutdown(socket.SHUT_RD)
a.settimeout(0.1)
a.accept()
a.recv(5)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind(('127.0.0.1', 0))
u.connect(u.getsockname())
u.shutdown(socket.SHUT_RD)
u.settimeout(0.1)
u.accept()
u.recv(5)
