# create_server(): a ready listening socket with SO_REUSEADDR, for IPv4 or IPv6, and its error message when the port is taken.
import socket
s = socket.create_server(('127.0.0.1', 0))
s
s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
s.gettimeout()
c = socket.create_connection(s.getsockname())
conn, addr = s.accept()
addr == c.getsockname()
socket.create_server(s.getsockname())
s6 = socket.create_server(('::1', 0), family=socket.AF_INET6)
s6
s6.family
p = socket.create_server(('127.0.0.1', 0), backlog=1, reuse_port=True)
p.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT)
socket.create_server(('127.0.0.1', 70000))
socket.create_server(('no-such-host.invalid', 0))
