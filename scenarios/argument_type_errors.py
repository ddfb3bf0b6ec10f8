# Wrong argument types and counts raise TypeError (or ValueError) before anything touches the network.
import socket
s = socket.socket()
s.send('text, not bytes')
s.sendall('text')
s.recv('x')
s.recv()
s.recv(-1)
s.recv(10, 'x')
s.recv(1, 2, 3)
s.recvfrom()
s.listen('5')
s.connect()
s.connect(1)
s.connect_ex('x')
s.settimeout()
s.bind(1)
s.nosuch
socket.nosuch
socket.socket(99)
socket.socket(socket.AF_INET, 99)
socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0, 0, 0)
socket.gethostbyname()
socket.create_connection()
