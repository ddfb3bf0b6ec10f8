# create_connection() gives its port to getaddrinfo(): numbers as text, service names, ints cut to 16 bits, and the errors for the rest.
import socket
srv = socket.create_server(('127.0.0.1', 0))
port = srv.getsockname()[1]
c = socket.create_connection(('127.0.0.1', str(port)))
c.getpeername()[1] == port
d = socket.create_connection(('127.0.0.1', ' ' + str(port)))
e = socket.create_connection(('127.0.0.1', port + 65536))
e.getpeername()[1] == port
socket.create_connection(('127.0.0.1', 'tcpmux'), 0.2)
socket.create_connection(('127.0.0.1', 'nosuchsvc'))
socket.create_connection(('127.0.0.1', '80x'))
socket.create_connection(('127.0.0.1', '-1'))
socket.create_connection(('127.0.0.1', -1))
socket.create_connection(('127.0.0.1', None))
socket.create_connection(('127.0.0.1', b'1'))
socket.create_connection(('127.0.0.1', 1.5))
socket.create_connection(('127.0.0.1', True))
socket.create_connection(('127.0.0.1', ''))
socket.create_connection(('127.0.0.1', '   '))
socket.create_connection(('127.0.0.1', '+1'))
socket.create_connection(('127.0.0.1', 2147483648))
socket.create_connection(('127.0.0.1', 18446744073709551616))
