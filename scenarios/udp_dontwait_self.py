# A UDP socket can send to itself; MSG_DONTWAIT and non-blocking mode show when the queue is empty.
import time
import socket
me = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
me.bind(('127.0.0.1', 0))
me.recvfrom(10, socket.MSG_DONTWAIT)
me.sendto(b'note to self', me.getsockname())
time.sleep(0.05)
data, addr = me.recvfrom(100, socket.MSG_DONTWAIT)
data
addr == me.getsockname()
me.setblocking(False)
me.recvfrom(100)
me.recv(100)
me.sendto(b'again', me.getsockname())
time.sleep(0.05)
me.recv(100)
