# Families, kinds and flags are enum members: they have a name and a value, and their classes list them.
import socket
socket.AF_INET.name
socket.AF_INET.value
socket.SOCK_STREAM.name
socket.MSG_PEEK.name
socket.MSG_DONTWAIT.value
socket.AddressFamily.AF_INET
socket.AddressFamily.AF_INET6 is socket.AF_INET6
socket.SocketKind.SOCK_DGRAM
socket.MsgFlag.MSG_DONTWAIT
socket.AddressFamily.AF_NOSUCH
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.family.name
s.type.name
s.family.value
print(s.family.name, s.type.value)
s.family == socket.AddressFamily.AF_INET6
socket.AF_UNIX.bit_length()
socket.AF_INET.nosuch
s.close()
