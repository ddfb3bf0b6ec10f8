# recv(n) hands out at most n bytes; whatever is left waits for the next call.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'abcdefghij')
time.sleep(0.05)
conn.recv(1)
conn.recv(2)
conn.recv(4)
conn.recv(100)
cli.sendall(b'0123456789')
time.sleep(0.05)
part = conn.recv(6)
len(part)
rest = conn.recv(6)
part + rest
