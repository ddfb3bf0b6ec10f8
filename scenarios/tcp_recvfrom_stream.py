# recvfrom() works on a connected TCP socket, but a stream has no per-message sender: the address is None (and sendto ignores its address).
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'who am i')
time.sleep(0.05)
data, sender = conn.recvfrom(100)
data
sender
sender is None
conn.sendto(b'reply', cli.getsockname())
