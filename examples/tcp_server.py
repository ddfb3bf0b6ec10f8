# The tutorial's TCP server (创建一个TCP服务器), in Python 3 as a playground script.
# The original loops forever: accept a client, print what it sends until it sends 'exit'.
# Scripts have no loops, so this server serves one client - which it starts itself, since
# nobody else will connect - and reads until that client says 'exit'.
import socket
host = 'localhost'
port = 61231
tcp_server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp_server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
tcp_server.bind((host, port))
tcp_server.listen(5)
print('waiting for connection...')
# The visitor plays the part of tcp_client.py running in another terminal.
visitor = socket.create_connection((host, port))
client, address = tcp_server.accept()
print('a connection from: ', address)
visitor.sendall('hello, server'.encode('utf-8'))
recv_data = client.recv(1024)
print(recv_data.decode('utf-8'))
recv_data == b'exit'
visitor.sendall(b'exit')
recv_data = client.recv(1024)
recv_data == b'exit'
client.close()
visitor.recv(1024)
visitor.close()
tcp_server.close()
