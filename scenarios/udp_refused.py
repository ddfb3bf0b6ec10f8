# A connected UDP socket learns (through ICMP) that nobody listens on the other end: the next call raises ConnectionRefusedError.
import time
import socket
gone = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
gone.bind(('127.0.0.1', 0))
closed_port = gone.getsockname()[1]
gone.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.connect(('127.0.0.1', closed_port))
u.send(b'anyone there?')
time.sleep(0.05)
u.recv(100)
u.settimeout(0.2)
u.recv(100)
u.send(b'second try')
time.sleep(0.05)
u.send(b'third try')
v = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
v.sendto(b'unconnected', ('127.0.0.1', closed_port))
time.sleep(0.05)
v.sendto(b'still no error', ('127.0.0.1', closed_port))
v.settimeout(0.2)
v.recvfrom(100)
