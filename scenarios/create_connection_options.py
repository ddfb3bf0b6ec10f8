# create_connection(): timeout, source_address, the default timeout, and a host name instead of an address.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(5)
port = srv.getsockname()[1]
a = socket.create_connection(('127.0.0.1', port))
a.gettimeout()
a.proto
a.family
b = socket.create_connection(('127.0.0.1', port), 0.25)
b.gettimeout()
c = socket.create_connection(('127.0.0.1', port), timeout=None, source_address=('127.0.0.1', 0))
c.getsockname()[0]
c.gettimeout()
socket.setdefaulttimeout(0.4)
d = socket.create_connection(('127.0.0.1', port))
d.gettimeout()
socket.setdefaulttimeout(None)
e = socket.create_connection(('localhost', port))
e.getpeername()[0]
e.getpeername()[1] == port
socket.create_connection(('127.0.0.1', port), timeout=-1)
socket.create_connection()
socket.create_connection('127.0.0.1')
