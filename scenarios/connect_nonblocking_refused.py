# A non-blocking connect to a closed port: EINPROGRESS first, then SO_ERROR tells the outcome once.
import time
import socket
gone = socket.socket()
gone.bind(('127.0.0.1', 0))
closed_port = gone.getsockname()[1]
gone.close()
c = socket.socket()
c.setblocking(False)
c.connect_ex(('127.0.0.1', closed_port))
time.sleep(0.05)
c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
c.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
c.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
