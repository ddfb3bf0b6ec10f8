# Writing to a peer that has gone away: the first send still succeeds, the next one raises BrokenPipeError.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
conn.close()
cli.recv(10)
cli.send(b'first')
time.sleep(0.05)
cli.send(b'second')
cli.sendall(b'third')
cli.recv(10)
