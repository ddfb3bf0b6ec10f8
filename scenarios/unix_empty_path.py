# Empty Unix paths: connect() and sendto() to '' name nothing (EINVAL).
import socket
u = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
u.connect('')
u.connect_ex('')
d = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
d.connect('')
d.sendto(b'x', '')
