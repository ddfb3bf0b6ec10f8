# One request, one answer: a client asks the server for the time over TCP, then both sides hang up.
import socket
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=0.5)
worker, peer = server.accept()
peer == client.getsockname()
worker.getpeername() == client.getsockname()
client.getpeername() == server.getsockname()
client.sendall(b'GET /time')
request = worker.recv(100)
request
request[4:]
worker.sendall(b'12:00 for ' + request[4:])
client.recv(100)
client.close()
worker.recv(100)
worker.close()
server.close()
