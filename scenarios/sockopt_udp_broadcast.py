# SO_BROADCAST is off on a new UDP socket and can be switched on; SO_REUSEADDR works on datagram sockets too.
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST)
u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
u.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST)
u.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 0)
u.getsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST)
u.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
u.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
u.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
u.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
