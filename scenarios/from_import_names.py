# Names come from imports only: before `import socket` nothing is defined, `from socket import ...` binds just what it lists.
AF_INET
socket.socket()
from socket import socket, AF_INET6, SOCK_DGRAM
s = socket(AF_INET6, SOCK_DGRAM)
s.family
AF_INET
create_connection
from socket import *
AF_INET
t = socket(AF_INET, SOCK_STREAM)
t.type
gethostbyname('localhost')
time.sleep(0)
import time
time.sleep(0)
