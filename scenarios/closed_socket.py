# After close(): fileno() is -1, closing again is harmless, and almost everything else raises EBADF.
import socket
s = socket.socket()
s.fileno() >= 0
s.close()
s.fileno()
s.close()
s
s.recv(1)
s.send(b'x')
s.getsockname()
s.getpeername()
s.listen(1)
s.accept()
s.connect(('127.0.0.1', 9))
s.connect_ex(('127.0.0.1', 9))
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
s.settimeout(1)
s.gettimeout()
s.family
s.type
s.proto
