# title.en: A UDP server and a client
# title.zh: UDP 服务器与客户端
# summary.en: The tutorial's UDP pair, played by one script. A UDP server only binds and reads;
#   the client just sends. Every read returns one whole datagram together with the sender's
#   address, which is also how the server knows where to send its answer. A datagram larger
#   than the buffer you read it into is cut, and the rest is lost.
# summary.zh: 用一个脚本演完教程里的 UDP 服务器和客户端。UDP 服务器只需绑定、读取；客户端只管发送。
#   每次读取都返回一整条数据报以及发送者的地址，服务器也正是靠这个地址知道该回复给谁。
#   数据报比读取用的缓冲区大时会被截断，多出的部分就丢了。
# try.en: Read the long datagram with recvfrom(100) instead of recvfrom(6): nothing is cut.
# try.zh: 把读取长数据报的 recvfrom(6) 改成 recvfrom(100)：这次什么也不会被截掉。

# en: Import the socket module.
# zh: 导入 socket 模块。
import socket

# en: The server: a datagram socket bound to a loopback port the operating system chooses.
#   No listen(), no accept(): it is ready to receive as soon as it is bound.
# zh: 服务器：一个数据报套接字，绑定到由操作系统选定的回环端口。不需要 listen()，
#   也不需要 accept()：绑定好就可以收数据了。
# look: sockets server
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
server.bind(('127.0.0.1', 0))
server_address = server.getsockname()

# en: The client: another datagram socket, never bound and never connected. sendto() names the
#   destination each time, and returns the number of bytes sent.
# zh: 客户端：另一个数据报套接字，既没绑定也没连接。每次 sendto() 都写明目的地址，
#   返回值是发出的字节数。
# look: sockets client; log
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.sendto(b'hello', server_address)

# en: The first sendto() quietly gave the client a local port, so that replies can find it.
# zh: 第一次 sendto() 已经悄悄给客户端分配了本地端口，这样回复才能找到它。
# look: sockets client
client.getsockname()

# en: The server reads one datagram. recvfrom() returns the data and the sender's address, the
#   same address the client just learned it has.
# zh: 服务器读取一条数据报。recvfrom() 返回数据和发送者的地址，正是客户端刚得到的那个地址。
# look: stream server
data, addr = server.recvfrom(1024)
print('received from', addr, ':', data)
addr == client.getsockname()

# en: To answer, the server sends to the address it was given. The client reads the reply the
#   same way.
# zh: 要回复，服务器就往收到的那个地址发。客户端用同样的方法读取回复。
# look: stream client
server.sendto(data.upper(), addr)
client.recvfrom(1024)

# en: Datagrams keep their edges. Two sends are two datagrams, and two reads are needed, even
#   with a buffer large enough for both.
# zh: 数据报保留边界。发两次就是两条数据报，即使缓冲区装得下两条，也得读两次。
# look: stream server
client.sendto(b'one', server_address)
client.sendto(b'two', server_address)
server.recv(1024)
server.recv(1024)

# en: A buffer smaller than the datagram gets its beginning; the end is thrown away, not kept
#   for the next read.
# zh: 缓冲区比数据报小时，只能拿到开头的部分；剩下的直接被丢弃，不会留给下一次读取。
# look: stream server
client.sendto(b'a long datagram', server_address)
server.recvfrom(6)

# en: Proof that the tail is gone: with nothing left, a read with a short timeout gives up.
# zh: 证明尾巴真的没了：已经没有数据可读，设了短超时的读取等不到数据，只好放弃。
server.settimeout(0.2)
server.recv(1024)

# en: An empty datagram is still a datagram: it arrives as b''. Over TCP, b'' would mean the
#   other side closed; over UDP it is just a message with nothing in it.
# zh: 空数据报也是一条数据报，收到的是 b''。在 TCP 里 b'' 表示对方已关闭；
#   在 UDP 里它只是一条没有内容的消息。
client.sendto(b'', server_address)
server.recvfrom(1024)

# en: send() without an address fails on an unconnected datagram socket: EDESTADDRREQ,
#   "Destination address required".
# zh: 在没有连接的数据报套接字上用 send() 会失败，因为没有目的地址：EDESTADDRREQ
#   （Destination address required，需要目的地址）。
# look: log
client.send(b'to whom?')

# en: connect() on a UDP socket sends nothing; it only records a default destination, after
#   which send() and recv() work without addresses.
# zh: 对 UDP 套接字调用 connect() 并不发送任何东西，只是记下一个默认目的地址；
#   之后 send() 和 recv() 就可以不写地址了。
# look: sockets client
client.connect(server_address)
client.send(b'no address needed')
server.recvfrom(1024)

# en: Both sides close. Neither has a connection to tear down, so nothing is sent.
# zh: 双方关闭。它们之间本来就没有连接要拆除，所以关闭时什么也不会发送。
# look: sockets
client.close()
server.close()
