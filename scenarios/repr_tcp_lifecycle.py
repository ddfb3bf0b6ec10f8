# How a TCP socket shows itself at each stage: new, bound, listening, connected, accepted, after the peer left, closed.
import time
import socket
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv
srv.bind(('127.0.0.1', 0))
srv
srv.listen(1)
srv
cli = socket.socket()
cli.connect(srv.getsockname())
cli
conn, addr = srv.accept()
conn
repr(addr) == repr(cli.getsockname())
cli.close()
time.sleep(0.05)
conn
cli
str(cli) == repr(cli)
conn.close()
conn
