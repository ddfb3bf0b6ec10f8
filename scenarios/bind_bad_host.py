# Host names that do not resolve, addresses of the wrong family, and addresses this machine does not own.
import socket
s = socket.socket()
s.bind(('no-such-host.invalid', 0))
s.bind(('::1', 0))
s.bind(('192.0.2.1', 0))
s.connect(('no-such-host.invalid', 80))
s.bind(('', 0))
s.getsockname()[0]
