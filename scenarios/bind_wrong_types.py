# An AF_INET address must be a (host, port) tuple of a string and an int; everything else is a TypeError.
import socket
s = socket.socket()
s.bind('127.0.0.1')
s.bind(1)
s.bind(('127.0.0.1',))
s.bind(('127.0.0.1', 0, 0))
s.bind(('127.0.0.1', '80'))
s.bind(('127.0.0.1', 1.5))
s.bind((1, 0))
s.bind()
s.bind(('127.0.0.1', 0), 1)
s.bind(None)
s.getsockname()
