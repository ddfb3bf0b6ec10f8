# TCP keeps no message boundaries: three small writes come out of one read, glued together.
from socket import socket, create_connection, AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_NODELAY
import time
listener = socket(AF_INET, SOCK_STREAM)
listener.bind(('127.0.0.1', 0))
listener.listen(1)
writer = create_connection(listener.getsockname())
writer.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)
reader, _ = listener.accept()
writer.send(b'one,')
writer.send(b'two,')
writer.send(b'three')
time.sleep(0.05)
reader.recv(1024)
writer.sendall(b'x' * 3000)
time.sleep(0.05)
blob = reader.recv(10000)
len(blob)
blob[:3]
blob[-2:]
