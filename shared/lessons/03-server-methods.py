# title.en: Server methods: bind, listen, accept
# title.zh: 服务器端方法：bind、listen、accept
# summary.en: A server takes three calls to be ready. bind() gives the socket an address,
#   listen() turns it into a listening socket with a queue for callers, and accept() takes the
#   next caller from that queue, waiting if there is none. Each one can also fail, and the
#   errors tell you why.
# summary.zh: 服务器要经过三个调用才算就绪。bind() 给套接字一个地址，listen() 让它变成带有
#   等待队列的监听套接字，accept() 从队列里取出下一个来访者，队列为空时就一直等。
#   这三个调用也都可能出错，错误信息会告诉你原因。
# try.en: Connect a third client before the first accept(), then accept three times: the
#   callers come out of the queue in the order they dialled.
# try.zh: 在第一次 accept() 之前再连上第三个客户端，然后 accept 三次：来访者按拨号的先后出队。

# en: Import the socket module.
# zh: 导入 socket 模块。
import socket

# en: bind() takes an (host, port) tuple. Port 0 means "any free port": the operating system
#   chooses, and getsockname() tells us what it chose.
# zh: bind() 接收一个 (host, port) 元组。端口 0 的意思是“随便给一个空闲端口”：由操作系统
#   来挑，getsockname() 告诉我们它挑了哪个。
# look: sockets srv
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.getsockname()

# en: A socket is bound once. Binding it again is refused with EINVAL, "Invalid argument".
# zh: 一个套接字只能绑定一次，再绑定会被拒绝，报 EINVAL（Invalid argument，无效参数）。
# look: log
srv.bind(('127.0.0.1', 0))

# en: Two sockets cannot own the same address either: a second one gets EADDRINUSE,
#   "Address already in use", the error you see when an old server is still running.
# zh: 两个套接字也不能占用同一个地址：第二个会得到 EADDRINUSE（Address already in use，
#   地址已被占用）。旧的服务器还没退出时再启动一个，看到的就是这个错误。
# look: sockets rival; log
rival = socket.socket()
rival.bind(srv.getsockname())

# en: accept() only works on a listening socket; on one that never called listen() it fails
#   with EINVAL.
# zh: accept() 只能用在监听套接字上；对一个从没调用过 listen() 的套接字调用它，会报 EINVAL。
rival.accept()

# en: listen() opens the door. Its argument, the backlog, is how many finished connections the
#   kernel may keep waiting for accept(). The tutorial uses 5; two callers are coming here.
# zh: listen() 把门打开。它的参数 backlog 表示内核最多替你保留多少个已经建立、
#   但还没被 accept() 取走的连接。教程里用的是 5，这里只会来两个客户端。
# look: sockets srv; kernel
srv.listen(2)
srv

# en: accept() blocks until a caller arrives. The queue is empty, so without a timeout this line
#   would wait forever; with a short one it gives up and raises TimeoutError.
# zh: accept() 会阻塞，直到有人来连接。现在队列是空的，如果不设超时，这一行会永远等下去；
#   设了一个很短的超时，它就会放弃等待，抛出 TimeoutError。
# look: sockets srv
# try.en: Remove the settimeout() call and use the Interrupt button on the blocked accept().
# try.zh: 去掉 settimeout() 这一行，再用“中断”按钮打断卡住的 accept()。
srv.settimeout(0.2)
srv.accept()

# en: Clients can connect before anyone accepts: the kernel completes the handshake on its own
#   and puts each new connection in the accept queue.
# zh: 即使还没人调用 accept()，客户端也能连上：握手由内核自己完成，新连接被放进 accept 队列排队。
# look: kernel; sockets srv
first = socket.create_connection(srv.getsockname())
second = socket.create_connection(srv.getsockname())

# en: accept() now returns at once with a new socket for the first caller and that caller's
#   address. The listening socket stays as it was, ready for the next one.
# zh: 这时 accept() 立即返回：一个专门对接第一个来访者的新套接字，以及来访者的地址。
#   监听套接字本身保持不变，继续等下一个。
# look: sockets conn_a first
conn_a, addr_a = srv.accept()
addr_a == first.getsockname()

# en: The queue is first come, first served: the second accept() hands over the second caller.
# zh: 队列先来先服务：第二次 accept() 交出的是第二个来访者。
# look: sockets conn_b second
conn_b, addr_b = srv.accept()
conn_b.getpeername() == second.getsockname()

# en: Every accepted socket has the server's own address as its local address. What tells the
#   connections apart is the other end.
# zh: 每个 accept 得到的套接字，本地地址都和服务器的一样；区分各条连接的是对端的地址。
conn_a.getsockname() == srv.getsockname()
conn_b.getsockname() == srv.getsockname()

# en: Closing the listening socket stops new callers, but the connections already accepted
#   carry on.
# zh: 关闭监听套接字只是不再接待新的来访者，已经 accept 的连接照常工作。
# look: sockets srv conn_a; stream conn_a
srv.close()
first.sendall(b'still talking')
conn_a.recv(100)

# en: The closed server cannot accept any more: "Bad file descriptor".
# zh: 关闭后的服务器套接字无法再 accept，报“Bad file descriptor”。
srv.accept()
