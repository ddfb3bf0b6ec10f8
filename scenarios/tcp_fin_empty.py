# When the other side hangs up, recv() returns b'' - and keeps returning b'' in every mode.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
cli.sendall(b'bye')
cli.close()
conn.recv(10)
conn.recv(10)
conn.recv(10)
conn.settimeout(0.2)
conn.recv(10)
conn.setblocking(False)
conn.recv(10)
conn.recvfrom(10)
cli
