# Dialing a port where nobody listens: connect raises, connect_ex returns the errno, and the socket can try again.
import socket
gone = socket.socket()
gone.bind(('127.0.0.1', 0))
closed_port = gone.getsockname()[1]
gone.close()
c = socket.socket()
c.connect_ex(('127.0.0.1', closed_port))
c.connect(('127.0.0.1', closed_port))
socket.create_connection(('127.0.0.1', closed_port))
socket.create_connection(('127.0.0.1', closed_port), timeout=0.3)
live = socket.socket()
live.bind(('127.0.0.1', 0))
live.listen(1)
c.connect(live.getsockname())
c.getpeername() == live.getsockname()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.connect(('127.0.0.1', closed_port))
u.getpeername()[1] == closed_port
