# Exception classes are values: socket.error is OSError, socket.timeout is TimeoutError; calling one makes an exception object.
import socket
socket.error is OSError
socket.timeout is TimeoutError
socket.error
socket.timeout
socket.gaierror
socket.herror
socket.gaierror.__mro__
issubclass(socket.timeout, socket.error)
issubclass(socket.gaierror, OSError)
issubclass(ConnectionRefusedError, (ValueError, OSError))
issubclass(BrokenPipeError, ConnectionError)
issubclass(socket.AddressFamily, int)
isinstance(socket.error, type)
socket.timeout.__name__
socket.gaierror.__name__
socket.gaierror.__module__
socket.error.__module__
socket.socket.__name__
print(socket.error, socket.timeout, OSError, TimeoutError)
socket.error(111, 'Connection refused')
print(socket.error(111, 'Connection refused'))
socket.timeout('timed out')
str(socket.timeout('timed out'))
socket.gaierror(-2, 'Name or service not known')
str(socket.gaierror(-2, 'Name or service not known'))
e = OSError(104, 'Connection reset by peer')
type(e)
e.errno
e.strerror
e.args
isinstance(e, ConnectionResetError)
isinstance(e, socket.error)
isinstance(e, TimeoutError)
OSError(11, 'Resource temporarily unavailable')
OSError(115, 'Operation now in progress')
OSError(98, 'Address already in use')
OSError(2, 'No such file or directory', '/tmp/sp-conf-x')
str(OSError(2, 'No such file or directory', '/tmp/sp-conf-x'))
OSError('plain message')
str(OSError())
TimeoutError().errno
ValueError('bad')
str(ValueError('bad', 2))
KeyError('k')
str(KeyError('k'))
OSError(errno=1)
socket.error.errno
socket.error.foo
e.foo
e()
len(socket.error)
socket.error < socket.timeout
