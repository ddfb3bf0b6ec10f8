# MSG_DONTWAIT makes one call non-blocking without touching the socket's own mode.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
conn.recv(10, socket.MSG_DONTWAIT)
conn.gettimeout()
conn.getblocking()
cli.send(b'now', socket.MSG_DONTWAIT)
time.sleep(0.05)
conn.recv(10, socket.MSG_DONTWAIT)
conn.settimeout(0.5)
conn.recv(10, socket.MSG_DONTWAIT)
conn.gettimeout()
