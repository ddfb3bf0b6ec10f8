# Sockets that were never bound get an address anyway: listen() picks a port on 0.0.0.0, connect() picks a local port.
import socket
lazy = socket.socket()
lazy.listen()
lazy.getsockname()[0]
lazy.getsockname()[1] > 0
port = lazy.getsockname()[1]
c = socket.socket()
c.getsockname()
c.connect(('127.0.0.1', port))
c.getsockname()[0]
c.getsockname()[1] > 0
conn, addr = lazy.accept()
addr == c.getsockname()
conn.getsockname()
