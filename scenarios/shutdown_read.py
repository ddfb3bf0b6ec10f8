# shutdown(SHUT_RD) closes our reading side: recv() returns b'' at once, yet Linux still queues what arrives later, and we can still write.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
conn.shutdown(socket.SHUT_RD)
conn.recv(10)
conn.recv(10)
conn.sendall(b'still talking')
cli.recv(100)
cli.sendall(b'late')
time.sleep(0.05)
conn.recv(10)
conn.recv(10)
