# Datagrams keep their edges: each recvfrom() returns exactly one message, in the order sent, even an empty one.
import socket
inbox = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
inbox.bind(('127.0.0.1', 0))
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sender.bind(('127.0.0.1', 0))
sender.sendto(b'a', inbox.getsockname())
sender.sendto(b'bb', inbox.getsockname())
sender.sendto(b'', inbox.getsockname())
sender.sendto(b'dddd', inbox.getsockname())
inbox.recvfrom(1024)[0]
inbox.recvfrom(1024)[0]
msg, who = inbox.recvfrom(1024)
msg
who == sender.getsockname()
inbox.recv(1024)
sender.sendto(b'z' * 2000, inbox.getsockname())
len(inbox.recv(4096))
