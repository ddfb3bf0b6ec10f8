# The tutorial's UDP server (创建一个UDP服务器), in Python 3 as a playground script.
# The original prints every datagram forever. Here a sender in the same script
# plays the client's part; the server receives its two datagrams and answers the last.
import socket
host = 'localhost'
port = 61233
udp_server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp_server.bind((host, port))
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sender.sendto(b'hello', (host, port))
sender.sendto(b'exit', (host, port))
data, addr = udp_server.recvfrom(1024)
print('received from ', addr, ':', data)
data, addr = udp_server.recvfrom(1024)
print('received from ', addr, ':', data.decode('utf-8'))
udp_server.sendto(b'bye', addr)
sender.recvfrom(1024)[0]
sender.close()
udp_server.close()
