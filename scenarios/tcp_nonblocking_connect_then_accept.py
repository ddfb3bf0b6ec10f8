# A non-blocking connect_ex() says EINPROGRESS; once the server has accepted the
# connection, the client knows its own address and its peer at once.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
c = socket.socket()
c.setblocking(False)
c.connect_ex(srv.getsockname())
conn, addr = srv.accept()
c.getsockname() == addr
c.getpeername() == srv.getsockname()
conn.getpeername() == c.getsockname()
c.getsockname()[0]
c.send(b'x')
conn.recv(10)
c.connect_ex(srv.getsockname())
c.close()
conn.close()
srv.close()
