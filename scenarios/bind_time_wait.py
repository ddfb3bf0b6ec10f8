# A server that closes a connection first leaves it in TIME_WAIT: a restarted server can rebind the port only with SO_REUSEADDR (set on both).
import time
import socket
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(('127.0.0.1', 0))
srv.listen(1)
port = srv.getsockname()[1]
cli = socket.create_connection(('127.0.0.1', port))
conn, _ = srv.accept()
conn.close()
time.sleep(0.05)
cli.recv(10)
cli.close()
time.sleep(0.05)
srv.close()
again = socket.socket()
again.bind(('127.0.0.1', port))
patient = socket.socket()
patient.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
patient.bind(('127.0.0.1', port))
patient.getsockname()[1] == port
patient.listen(1)
