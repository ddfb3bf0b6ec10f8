# Name lookups: localhost, literal addresses, the empty name, and this machine's own name.
import socket
socket.gethostbyname('localhost')
socket.gethostbyname('127.0.0.1')
socket.gethostbyname('')
socket.gethostbyname('<broadcast>')
socket.gethostbyname('no-such-host.invalid')
socket.gethostbyname(1)
socket.gethostname() == socket.gethostname()
len(socket.gethostname()) > 0
str(socket.gethostname()) == socket.gethostname()
socket.gethostname().lower() == socket.gethostname().lower()
