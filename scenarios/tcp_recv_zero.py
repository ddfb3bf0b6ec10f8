# recv(0) returns b'' at once and takes nothing, even on a blocking socket with nothing to read.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
conn.gettimeout()
conn.recv(0)
cli.sendall(b'kept')
time.sleep(0.05)
conn.recv(0)
conn.recv(10)
