# A statement that raises binds nothing: the names it would have set stay undefined and later uses raise NameError.
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
srv.setblocking(False)
conn, addr = srv.accept()
conn
addr
a, b = (1, 2, 3)
a
x, y = 5
x
value = undefined_thing
value
p, q = (7, 8)
p + q
count = len(b'four')
count * 2
nothing()
