# title.en: Client methods: connect, connect_ex and refused connections
# title.zh: 客户端方法：connect、connect_ex 与被拒绝的连接
# summary.en: A client needs no bind() and no listen(): connect() picks a local port for it and
#   dials. When the dial fails, connect() raises an exception, while connect_ex() hands back the
#   error number instead. getpeername() and getsockname() tell the two ends of a connection apart.
# summary.zh: 客户端既不用 bind() 也不用 listen()：connect() 会替它挑一个本地端口，然后拨号。
#   拨号失败时，connect() 抛出异常，而 connect_ex() 则把错误码作为返回值交给你。
#   getpeername() 和 getsockname() 分别告诉你连接的对端和本端。
# try.en: Call refused.connect_ex(address) on the socket whose connect() was refused: after a
#   failed attempt, a blocking socket may dial again.
# try.zh: 对那个 connect() 被拒绝的套接字调用 refused.connect_ex(address)：阻塞套接字拨号失败后，
#   还可以再拨一次。

# en: Import the socket module.
# zh: 导入 socket 模块。
import socket

# en: First, something to call: a listening server on a port the operating system picks.
#   Keep its address in a variable, as a client would know it.
# zh: 先准备一个可以拨打的对象：一个监听中的服务器，端口由操作系统挑选。
#   把它的地址存进变量，就像客户端事先知道服务器地址一样。
# look: sockets server
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(5)
address = server.getsockname()

# en: A fresh client socket has no peer yet, and asking for one fails with ENOTCONN,
#   "Transport endpoint is not connected".
# zh: 新建的客户端套接字还没有对端，这时问它对端是谁，会报 ENOTCONN（Transport endpoint is
#   not connected，端点未连接）。
# look: sockets client
client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.getpeername()

# en: connect() dials the address and returns None once the connection is up.
# zh: connect() 向这个地址拨号，连接建立后返回 None。
# look: sequence; sockets client
client.connect(address)

# en: Now both names make sense: the peer is the server, and the client got a local port
#   without ever calling bind().
# zh: 现在两端都有了名字：对端是服务器；客户端虽然从没调用过 bind()，也已经有了本地端口。
client.getpeername() == address
client.getsockname()

# en: A connected stream socket stays with its peer: dialling again is refused with EISCONN.
# zh: 已连接的流式套接字会一直跟着这个对端，再拨一次会被拒绝，报 EISCONN。
client.connect(address)

# en: To see a refusal, we need a port where nobody listens. A socket that is bound but never
#   listens is exactly that, and it keeps the port from being taken by anyone else.
# zh: 要看到连接被拒绝，得有一个没人监听的端口。绑定了地址却从不监听的套接字正好符合要求，
#   而且它占着这个端口，别人也拿不走。
# look: sockets closed_door
closed_door = socket.socket()
closed_door.bind(('127.0.0.1', 0))
nowhere = closed_door.getsockname()

# en: connect() to it raises ConnectionRefusedError (errno 111): the other side answered the
#   handshake with a reset.
# zh: 向它 connect() 会抛出 ConnectionRefusedError（errno 111）：对方用复位（RST）回应了握手。
# look: log; sequence
refused = socket.socket()
refused.connect(nowhere)

# en: connect_ex() makes the same attempt but returns the error number instead of raising it.
#   Zero means success.
# zh: connect_ex() 做同样的尝试，但不抛异常，而是返回错误码；返回 0 表示成功。
# look: log
patient = socket.socket()
patient.connect_ex(nowhere)
hopeful = socket.socket()
hopeful.connect_ex(address)

# en: create_connection() does socket() and connect() in one call, and can set a timeout on the
#   new socket while it is at it.
# zh: create_connection() 一次完成 socket() 和 connect()，还可以顺手给新套接字设好超时。
# look: sockets quick
quick = socket.create_connection(address, timeout=0.2)
quick.gettimeout()

# en: All three successful clients are waiting in the server's queue, in the order they
#   connected; the first accept() returns the first one.
# zh: 三个连接成功的客户端都按连接的先后在服务器队列里排着；第一次 accept() 取出的是最早的那个。
# look: kernel; sockets server
peer, peer_address = server.accept()
peer_address == client.getsockname()

# en: After close(), the client cannot name its peer any more: the descriptor is gone.
# zh: close() 之后，客户端再也说不出对端是谁了，因为描述符已经没了。
# look: sockets client
client.close()
client.getpeername()
