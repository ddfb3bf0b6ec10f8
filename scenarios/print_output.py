# print() output is captured per statement; the statement's own value is None.
import socket
print('hello')
print('a', 'b', 3)
print()
print(b'bytes', None, True, 1.5)
print('no newline', end='')
print('x', 'y', sep='-')
print('你好')
print(('127.0.0.1', 80))
print(socket.AF_INET, socket.SOCK_STREAM)
print(repr('r'))
print('line one\nline two')
