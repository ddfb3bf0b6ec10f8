# Enum classes called with a value give the member (AddressFamily(2) is AF_INET), subscripted with a name too; classes are not subscriptable.
import socket
socket.AddressFamily(2)
socket.AddressFamily(10)
socket.AddressFamily(2.0)
socket.AddressFamily(True)
socket.AddressFamily(value=2)
socket.AddressFamily(99)
socket.AddressFamily('AF_INET')
socket.AddressFamily(None)
socket.AddressFamily(2.5)
socket.AddressFamily()
socket.SocketKind(1)
socket.SocketKind(socket.SOCK_DGRAM)
socket.AddressFamily(socket.SOCK_DGRAM)
socket.AddressFamily['AF_INET']
socket.AddressFamily['x']
socket.AddressFamily[2]
socket.AddressFamily['AF_INET':]
socket.MsgFlag(2)
socket.MsgFlag(64)
OSError[0]
int[0]
bytes[0]
socket.socket[0]
len[0]
socket[0]
socket.AddressFamily(2) is socket.AF_INET
