# title.en: A TCP server and a client talking
# title.zh: TCP 服务器与客户端对话
# summary.en: The tutorial's TCP server and client run in two terminals. Here one script plays
#   both parts, one call at a time, so you can watch every byte: the client connects, the server
#   accepts, and they talk both ways. Along the way: reads return whatever has arrived, not the
#   messages that were sent, and b'' is how a read says the other side has closed.
# summary.zh: 教程里的 TCP 服务器和客户端分别跑在两个终端里。这里由一个脚本同时扮演双方，
#   一次执行一个调用，每个字节都看得见：客户端连接，服务器接受，双方互相收发。顺带会看到：
#   读操作返回的是已经到达的字节，而不是对方发送的一条条消息；读到 b'' 则说明对方已经关闭。
# try.en: After the client has closed, call conn.sendall(b'anyone?') twice: the first write
#   still succeeds, the client's side answers it with a reset, and the second one raises
#   BrokenPipeError.
# try.zh: 在客户端关闭之后，连续调用两次 conn.sendall(b'anyone?')：第一次写仍然成功，
#   客户端那边用复位（RST）回应它，第二次就会抛出 BrokenPipeError。

# en: Import the socket module.
# zh: 导入 socket 模块。
import socket

# en: The server, as in the tutorial: a stream socket, SO_REUSEADDR so that a restarted server
#   can bind again at once, then bind and listen. Port 0 keeps lessons from colliding.
# zh: 和教程一样先建服务器：创建流式套接字，设置 SO_REUSEADDR（服务器重启后可以立刻重新绑定），
#   然后绑定并监听。端口写 0，各课之间就不会抢端口。
# look: sockets server
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(('127.0.0.1', 0))
server.listen(5)
print('waiting for connection...')

# en: The client's part, which the tutorial runs in a second terminal: a socket of the same
#   kind, connected to the server's address.
# zh: 接下来是客户端的部分，教程里它在第二个终端里运行：创建同类的套接字，连接到服务器的地址。
# look: sockets client; sequence
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.connect(server.getsockname())

# en: Back on the server: accept() returns the connection and the client's address.
# zh: 回到服务器这边：accept() 返回这条连接和客户端的地址。
# look: sockets conn
conn, address = server.accept()
print('a connection from:', address)

# en: The client sends text. A socket carries bytes, so the text is encoded first; send()
#   returns how many bytes it took.
# zh: 客户端发送一段文字。套接字传的是字节，所以先把文字编码；send() 返回它接收了多少字节。
# look: stream client
client.send('hello, server'.encode('utf-8'))

# en: The server reads up to 1024 bytes and decodes them back into text.
# zh: 服务器最多读 1024 个字节，再把它们解码回文字。
# look: stream conn
data = conn.recv(1024)
print(data.decode('utf-8'))

# en: A connection goes both ways: the server answers on the same socket, and the client reads.
# zh: 连接是双向的：服务器在同一个套接字上回话，客户端来读。
# look: stream conn
conn.sendall(b'hello, client')
client.recv(1024)

# en: Two sends, one read: the bytes of both arrive as one run. Any framing ("where does a
#   message end?") is up to your protocol, for example one message per line. TCP_NODELAY
#   makes each small send leave at once, instead of being held back briefly to be combined
#   with the next (Nagle's algorithm), so both are there before the read.
# zh: 发两次、读一次：两次发送的字节连成一串到达。消息到哪里结束，只能由你自己的协议来约定，
#   比如每条消息占一行。TCP_NODELAY 让每次小的发送立刻发出，而不是先压一压、
#   等着和下一次合并（Nagle 算法），这样读之前两段数据都已经到了。
# look: stream conn
# try.en: Send b'one\n' and b'two\n' instead and look for the line ends in what comes out.
# try.zh: 改成发送 b'one\n' 和 b'two\n'，看看读出来的数据里换行符在哪里。
client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
client.send(b'abc')
client.send(b'def')
conn.recv(1024)

# en: The size given to recv() is only a limit. Ask for 4 bytes and you get 4; the rest waits
#   in the socket for the next read.
# zh: recv() 的参数只是一个上限。要 4 个字节就给你 4 个，剩下的留在套接字里，等下一次读。
# look: stream conn
client.sendall(b'0123456789')
conn.recv(4)
conn.recv(1024)

# en: The tutorial's server stops when the client says 'exit'. In Python 3 what arrives is bytes,
#   so the comparison must be with b'exit'.
# zh: 教程里的服务器在客户端说 'exit' 时停下。在 Python 3 里收到的是字节串，
#   所以要和 b'exit' 比较。
client.sendall(b'exit')
conn.recv(1024) == b'exit'

# en: The client hangs up. On the server, recv() now returns b'' at once, and keeps doing so:
#   an empty read is how a stream says "the other side has closed".
# zh: 客户端挂断。服务器这边的 recv() 立即返回 b''，而且以后每次都是：
#   读到空字节串，就是字节流在告诉你“对方已经关闭”。
# look: sequence; sockets conn
client.close()
conn.recv(1024)
conn.recv(1024)

# en: The server closes its end of the connection, then the listening socket.
# zh: 服务器关闭自己这一端的连接，再关闭监听套接字。
# look: sockets
conn.close()
server.close()
