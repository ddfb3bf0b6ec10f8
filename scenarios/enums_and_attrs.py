# Families and kinds are IntEnums: their repr names them, their str and arithmetic are plain ints; protocol numbers are plain ints.
import socket
socket.AF_INET
socket.AF_INET6
socket.AF_UNIX
socket.SOCK_STREAM
socket.SOCK_DGRAM
socket.MSG_PEEK
socket.MSG_DONTWAIT
socket.SOL_SOCKET
socket.IPPROTO_TCP
socket.IPPROTO_UDP
socket.TCP_NODELAY
socket.SO_REUSEADDR
socket.SHUT_RD
socket.SHUT_WR
socket.SHUT_RDWR
str(socket.AF_INET6)
repr(socket.SOCK_DGRAM)
int(socket.AF_UNIX)
socket.AF_INET == 2
socket.SOCK_STREAM + 1
socket.MSG_PEEK + socket.MSG_DONTWAIT
print(socket.AF_INET, socket.SOCK_DGRAM, socket.MSG_PEEK)
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, socket.IPPROTO_UDP)
s.family
s.type
s.proto
s.family == socket.AF_INET6
t = socket.socket(type=socket.SOCK_STREAM)
t.family
t.proto
socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_UDP)
socket.socket('inet')
