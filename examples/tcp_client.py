# The tutorial's TCP client (创建一个TCP客户端), in Python 3 as a playground script.
# The original reads lines with raw_input() and sends each one until 'exit'. Here the
# lines are fixed, str is encoded to bytes before sending, and - so that the script runs
# on its own - it first opens the small server it talks to.
import socket
host = 'localhost'
port = 61232
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((host, port))
server.listen(1)
tcp_client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp_client.connect((host, port))
conn, address = server.accept()
input_data = 'hello'
tcp_client.send(input_data.encode('utf-8'))
print(conn.recv(1024).decode('utf-8'))
input_data = '你好，服务器'
tcp_client.send(input_data.encode('utf-8'))
print(conn.recv(1024).decode('utf-8'))
input_data = 'exit'
tcp_client.send(input_data.encode('utf-8'))
conn.recv(1024)
tcp_client.close()
conn.recv(1024)
conn.close()
server.close()
