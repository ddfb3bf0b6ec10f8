# MSG_PEEK lets the server look at what is waiting without taking it off the queue.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'HELO world')
time.sleep(0.05)
conn.recv(4, socket.MSG_PEEK)
conn.recv(4, socket.MSG_PEEK)
conn.recv(100, socket.MSG_PEEK)
conn.recv(5)
conn.recv(100, 0)
cli.sendall(b'!')
time.sleep(0.05)
conn.recvfrom(10, socket.MSG_PEEK)
conn.recv(10)
