# type() and isinstance() on sockets and on the socket module's enums.
import socket
s = socket.socket()
type(s)
isinstance(s, socket.socket)
type(s) == socket.socket
type(socket.AF_INET)
isinstance(socket.AF_INET, int)
socket.AF_INET + 1
socket.SOCK_STREAM == 1
s.close()
isinstance(socket.AF_INET, socket.AddressFamily)
type(socket.MSG_PEEK)
