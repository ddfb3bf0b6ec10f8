# shutdown(SHUT_RDWR) ends both directions while the socket object stays open.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
conn.shutdown(socket.SHUT_RDWR)
conn.recv(10)
conn.send(b'z')
cli.recv(10)
cli.send(b'x')
time.sleep(0.05)
cli.recv(10)
cli.send(b'y')
conn.fileno() >= 0
