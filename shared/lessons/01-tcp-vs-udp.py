# title.en: Connection-oriented and connectionless: TCP and UDP side by side
# title.zh: 面向连接与无连接：TCP 和 UDP 放在一起比一比
# summary.en: There are only two kinds of sockets you will meet every day. A stream socket (TCP)
#   needs a connection before any byte moves, and delivers one ordered flow of bytes with no
#   message edges. A datagram socket (UDP) needs no connection: each message travels alone,
#   keeps its edges, and nobody promises it arrives.
# summary.zh: 日常用到的套接字基本只有两类。流式套接字（TCP）必须先建立连接才能传数据，
#   传的是一条有序的字节流，没有消息边界。数据报套接字（UDP）不用建立连接，
#   每条消息单独上路、保留自己的边界，但没人保证它一定送到。
# try.en: Run the lesson again and, before the UDP part, send three postcards instead of two:
#   recvfrom() still returns them one at a time.
# try.zh: 重跑一遍，在 UDP 部分连发三张“明信片”而不是两张：recvfrom() 仍然一次只取一张。

# en: Everything in this course goes through Python's socket module, so import it first.
# zh: 整个课程都要用到 Python 的 socket 模块，先把它导入。
import socket

# en: Start with TCP. A listening socket is like a phone that can ring: bind it to the loopback
#   address with port 0 (the operating system picks a free port) and start listening.
# zh: 先看 TCP。监听套接字好比一部等着响铃的电话：把它绑定到回环地址，端口写 0
#   （由操作系统挑一个空闲端口），然后开始监听。
# look: sockets listener
# try.en: Evaluate listener.type: SOCK_STREAM, the kind of socket TCP uses.
# try.zh: 看看 listener.type 的值：SOCK_STREAM，也就是 TCP 用的套接字类型。
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(('127.0.0.1', 0))
listener.listen(1)

# en: Before a single byte can move, the caller has to dial: connect() performs the TCP
#   handshake, and accept() hands the server its end of the new line.
# zh: 在传任何字节之前，呼叫方得先“拨号”：connect() 完成 TCP 握手，
#   accept() 再把这条新线路在服务器一侧的那一端交给服务器。
# look: sequence; sockets caller line
caller = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
caller.connect(listener.getsockname())
line, caller_address = listener.accept()

# en: From now on the line knows both ends, and it only ever talks to that one caller.
# zh: 从此这条线路认得两端，而且只和这一个呼叫方通话。
# look: sockets line
line.getpeername() == caller.getsockname()

# en: Two separate writes on the caller's side...
# zh: 呼叫方分两次写入……
# look: stream caller
caller.sendall(b'part one, ')
caller.sendall(b'part two')

# en: ...come out of one read on the other side, glued together. TCP moves a stream of bytes,
#   not messages: where one write ended is not kept.
# zh: ……在另一端一次就读了出来，两段粘在了一起。TCP 传的是字节流而不是一条条消息，
#   每次写入的分界不会被保留。
# look: stream line
# try.en: Read with line.recv(4) first and see that the stream is simply cut wherever you ask.
# try.zh: 先用 line.recv(4) 读一下：字节流会在你要求的任何位置被切开。
line.recv(100)

# en: Now UDP. A datagram socket is more like a mailbox: bind it, and it can receive at once.
#   There is no listen() and no accept(), and no peer: getpeername() finds nobody connected.
# zh: 再看 UDP。数据报套接字更像一个信箱：绑定之后马上就能收信，没有 listen()，也没有 accept()，
#   也没有固定的对端：getpeername() 发现它没有连接任何人。
# look: sockets mailbox
mailbox = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
mailbox.bind(('127.0.0.1', 0))
mailbox.getpeername()

# en: The sender needs no connection either: each sendto() names where the datagram goes.
# zh: 发送方同样不需要连接：每次 sendto() 都写明这条数据报寄往哪里。
# look: log
sender = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sender.sendto(b'postcard one', mailbox.getsockname())
sender.sendto(b'postcard two', mailbox.getsockname())

# en: Each recvfrom() returns exactly one datagram, edges intact, together with the address of
#   whoever sent it.
# zh: 每次 recvfrom() 正好取出一条数据报，边界完好，还附带发送者的地址。
# look: stream mailbox
mailbox.recvfrom(100)
mailbox.recvfrom(100)

# en: The difference shows when nobody is there. Free a UDP port: bind a socket to get one,
#   then close it.
# zh: 对面没人的时候，差别就出来了。先腾出一个 UDP 端口：绑定一个套接字拿到端口号，再把它关掉。
empty = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
empty.bind(('127.0.0.1', 0))
nobody = empty.getsockname()
empty.close()

# en: UDP sends anyway and reports success: sendto() only hands the datagram to the network,
#   it cannot know whether anyone got it.
# zh: UDP 照发不误，还返回成功：sendto() 只负责把数据报交给网络，至于有没有人收到，它无从知道。
# look: log
sender.sendto(b'anyone home?', nobody)

# en: For TCP, take a stream socket that owns a port but never calls listen(): nobody will
#   answer a call there.
# zh: TCP 这边，拿一个占着端口却从不调用 listen() 的流式套接字：打到这里的电话没人会接。
# look: sockets silent
silent = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
silent.bind(('127.0.0.1', 0))

# en: TCP cannot pretend: a connection needs someone to answer, so dialling that port fails
#   right away with ConnectionRefusedError.
# zh: TCP 就没法装作没事：连接需要对方应答，向这个端口拨号会立即失败，
#   抛出 ConnectionRefusedError。
# look: log; sequence
socket.create_connection(silent.getsockname())
