# send() reports how many bytes it took, sendall() returns None, and empty or bytearray payloads are fine.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.send(b'12345')
cli.send(b'')
cli.sendall(b'')
cli.sendall(b'678')
cli.send(bytearray(b'90'))
cli.sendall(b'ab', 0)
cli.send(b'cd', 0)
time.sleep(0.05)
conn.recv(100)
