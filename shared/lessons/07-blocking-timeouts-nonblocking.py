# title.en: Blocking, timeouts and non-blocking sockets
# title.zh: 阻塞、超时与非阻塞套接字
# summary.en: By default a socket call waits as long as it takes: accept() until a caller comes,
#   recv() until bytes arrive. A timeout puts a limit on that wait (TimeoutError when it runs
#   out); non-blocking mode removes the wait entirely (BlockingIOError when there is nothing to
#   do yet). The flag MSG_DONTWAIT does the same for a single call.
# summary.zh: 默认情况下，套接字调用需要等多久就等多久：accept() 等到有人来连，recv() 等到有数据到达。
#   超时给等待设了上限（时间一到就抛出 TimeoutError）；非阻塞模式则干脆不等（暂时无事可做时抛出
#   BlockingIOError）。MSG_DONTWAIT 标志只对单次调用起同样的作用。
# try.en: Give conn a timeout of 0.5 instead of 0.2 and watch the blocked recv() wait longer on
#   its socket before it gives up.
# try.zh: 把 conn 的超时从 0.2 改成 0.5，看看被阻塞的 recv() 在套接字上多等了多久才放弃。

# en: Import the socket module.
# zh: 导入 socket 模块。
import socket

# en: A connected pair to experiment with. create_server() is a short way to make a listening
#   TCP socket: socket(), bind() and listen() in one call.
# zh: 先准备一对已连接的套接字来做实验。create_server() 是创建监听 TCP 套接字的简便写法：
#   一次完成 socket()、bind() 和 listen()。
# look: sockets server client conn
server = socket.create_server(('127.0.0.1', 0))
client = socket.create_connection(server.getsockname())
conn, peer = server.accept()

# en: A new socket blocks, with no timeout: gettimeout() says None.
# zh: 新套接字处于阻塞模式，没有超时：gettimeout() 返回 None。
conn.getblocking()
conn.gettimeout()

# en: Nothing has been sent, so recv() would wait forever. With a timeout of 0.2 seconds it waits
#   that long, then raises TimeoutError.
# zh: 对方什么也没发，recv() 本会一直等下去。设了 0.2 秒的超时后，它只等这么久，然后抛出
#   TimeoutError。
# look: sockets conn
conn.settimeout(0.2)
conn.gettimeout()
conn.recv(10)

# en: A timeout does not break anything: once data is there, the same call simply returns it.
# zh: 超时不会弄坏套接字：数据一到，同样的调用就会直接返回数据。
# look: stream conn
client.sendall(b'ping')
conn.recv(10)

# en: setblocking(False) is the same as a timeout of zero: calls never wait. With nothing to
#   read, recv() raises BlockingIOError at once (EAGAIN, "Resource temporarily unavailable").
# zh: setblocking(False) 相当于超时设为 0：调用从不等待。没有数据可读时，recv() 立即抛出
#   BlockingIOError（EAGAIN，“Resource temporarily unavailable”，资源暂时不可用）。
# look: sockets conn; log
conn.setblocking(False)
conn.gettimeout()
conn.recv(10)

# en: In non-blocking mode a call succeeds whenever it can be done right away, for example when
#   the bytes are already waiting in the socket.
# zh: 在非阻塞模式下，只要调用能立刻完成就会成功，比如字节已经在套接字里等着了。
# look: stream conn
client.sendall(b'pong')
conn.recv(10)

# en: setblocking(True) brings back the default: block, with no timeout.
# zh: setblocking(True) 恢复默认状态：阻塞，而且没有超时。
conn.setblocking(True)
conn.gettimeout()

# en: MSG_DONTWAIT makes one call non-blocking and leaves the socket as it is.
# zh: MSG_DONTWAIT 只让这一次调用不阻塞，套接字本身的模式保持不变。
# look: log
conn.recv(10, socket.MSG_DONTWAIT)
conn.getblocking()

# en: accept() follows the same rules. A non-blocking listening socket with an empty queue
#   raises BlockingIOError instead of waiting for a caller.
# zh: accept() 遵循同样的规则。非阻塞的监听套接字在队列为空时抛出 BlockingIOError，
#   而不是等待来访者。
# look: sockets server
server.setblocking(False)
server.accept()

# en: connect() cannot finish at once either: a non-blocking connect_ex() returns 115,
#   EINPROGRESS. The handshake goes on in the background.
# zh: connect() 也没法瞬间完成：非阻塞的 connect_ex() 返回 115，也就是 EINPROGRESS，
#   握手在后台继续进行。
# look: sockets late; sequence
late = socket.socket()
late.setblocking(False)
late.connect_ex(server.getsockname())

# en: With a short timeout, accept() waits just long enough for that handshake to finish.
# zh: 给 accept() 设一个短超时，它就会等到那次握手完成。
# look: sockets server late_conn
server.settimeout(0.2)
late_conn, late_peer = server.accept()

# en: A non-blocking client learns how its connection went by asking again: connect_ex() now
#   returns 0, connected, and the server's peer is indeed this socket.
# zh: 非阻塞的客户端要想知道连接结果，就再问一次：connect_ex() 这回返回 0，表示已连接；
#   服务器那边的对端也确实就是这个套接字。
# look: sockets late
late.connect_ex(server.getsockname())
late_peer == late.getsockname()

# en: socket.setdefaulttimeout() sets the timeout every new socket starts with. Put it back to
#   None afterwards, or every socket created later would time out too.
# zh: socket.setdefaulttimeout() 设定之后新建的每个套接字的初始超时。用完记得改回 None，
#   否则后面新建的套接字也都会超时。
# look: sockets fresh
socket.setdefaulttimeout(0.2)
fresh = socket.socket()
fresh.gettimeout()
socket.setdefaulttimeout(None)
socket.getdefaulttimeout()
