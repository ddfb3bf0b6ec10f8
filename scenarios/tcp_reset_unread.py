# Closing a socket that still holds unread data resets the connection: the peer sees ConnectionResetError once, then b''.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'you will never read this')
time.sleep(0.05)
conn.close()
time.sleep(0.05)
cli.recv(100)
cli.recv(100)
cli.send(b'hello?')
cli.getpeername()
