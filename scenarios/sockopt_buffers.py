# Buffer sizes: Linux doubles the SO_RCVBUF/SO_SNDBUF value you set, to leave room for its own bookkeeping.
import socket
s = socket.socket()
s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF) > 0
s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) > 0
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 16384)
s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8192)
u.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF)
