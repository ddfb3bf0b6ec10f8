# The tutorial's UDP client (创建一个UDP客户端), in Python 3 as a playground script.
# The original sends each line typed at the prompt until 'exit'. Here the lines are
# fixed, and a listener in the same script stands in for udp_server.py.
import socket
host = 'localhost'
port = 61234
listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
listener.bind((host, port))
udp_client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
data = 'hello'
udp_client.sendto(data.encode('utf-8'), (host, port))
data = '数据报'
udp_client.sendto(data.encode('utf-8'), (host, port))
data = 'exit'
udp_client.sendto(data.encode('utf-8'), (host, port))
listener.recvfrom(1024)[0]
listener.recvfrom(1024)[0].decode('utf-8')
message, sender = listener.recvfrom(1024)
message
sender == ('127.0.0.1', udp_client.getsockname()[1])
udp_client.close()
listener.close()
