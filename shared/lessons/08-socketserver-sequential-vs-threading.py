# title.en: socketserver: one client at a time, or a thread for each
# title.zh: socketserver：一次服务一个客户，还是每个客户一个线程
# summary.en: The tutorial ends with the socketserver module (SocketServer in Python 2). You
#   write a handler class; TCPServer binds, listens, and then for each client accepts the
#   connection, runs your handler and closes it, one client after another.
#   ThreadingTCPServer runs each handler in a thread of its own, so a slow client no longer
#   holds up the next. Playground scripts cannot define classes or start threads, so this
#   lesson performs by hand, call by call, what each server does for you. The Servers panel
#   runs the real classes with built-in handlers: there you can time the difference.
# summary.zh: 教程最后讲的是 socketserver 模块（Python 2 里叫 SocketServer）。你写一个处理类；
#   TCPServer 负责绑定、监听，然后逐个客户端地接受连接、运行你的处理代码、关闭连接，
#   一个接一个来。ThreadingTCPServer 让每个处理过程在各自的线程里运行，慢吞吞的客户端就不会
#   再拖住下一个。练习场脚本里不能定义类，也不能开线程，所以这一课一步一步地手工完成这两种
#   服务器替你做的事。服务器面板运行的是真正的类和内置处理器，在那里可以实际测出两者的差别。
# try.en: In the Servers panel, start a TCPServer with the slow-hello handler and connect two
#   clients: the second answer comes about 3 s after the first. Then try ThreadingTCPServer.
# try.zh: 在服务器面板里用 slow-hello 处理器启动一个 TCPServer，连上两个客户端：
#   第二个回复比第一个晚大约 3 秒。再换成 ThreadingTCPServer 试试。
## The tutorial's threading server in Python 3, for reference (python3 runs it as it is). The
## tutorial's handler prints 'hello' on the server; this one sends it back, as the Servers
## panel's slow-hello handler does:
##
##     import socketserver, time
##     class MyRequestHandler(socketserver.StreamRequestHandler):
##         def handle(self):
##             print('connection from:', self.client_address)
##             print(self.request.recv(1024))
##             time.sleep(3)
##             self.request.sendall(b'hello')
##     server = socketserver.ThreadingTCPServer(('127.0.0.1', 0), MyRequestHandler)
##     server.serve_forever()

# en: Import the socket module: socketserver is built on it, and we use it directly here.
# zh: 导入 socket 模块：socketserver 就建立在它之上，这里我们直接用它。
import socket

# en: What TCPServer(address, Handler) does when it is created: a stream socket, bound to the
#   address, listening with a queue of 5 (its request_queue_size).
# zh: 创建 TCPServer(address, Handler) 时，它做的就是这些：建一个流式套接字，绑定到地址，
#   以长度为 5 的队列开始监听（也就是它的 request_queue_size）。
# look: sockets server
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(('127.0.0.1', 0))
server.listen(5)

# en: Two clients arrive at nearly the same moment and send their requests. Both connect at
#   once: the kernel queues them, whatever the server is doing.
# zh: 两个客户端几乎同时到达，并各自发出请求。两个都立即连上了：不管服务器在忙什么，
#   内核都会先把它们排进队列。
# look: kernel; sockets alice bob
alice = socket.create_connection(server.getsockname())
bob = socket.create_connection(server.getsockname())
alice.sendall(b'hi from alice')
bob.sendall(b'hi from bob')

# en: serve_forever() in a TCPServer: accept the first connection, then run the handler on it.
#   The handler's self.request is this socket, and self.client_address is the address.
# zh: TCPServer 的 serve_forever()：先 accept 第一个连接，再对它运行处理代码。
#   处理器里的 self.request 就是这个套接字，self.client_address 就是这个地址。
# look: sockets request
request, client_address = server.accept()
print('connection from:', client_address)
request.recv(1024)

# en: The tutorial's handler now sleeps for 3 seconds. Meanwhile Bob's request lies unread in
#   his connection: a TCPServer takes the next client only after the handler returns. Bob, who
#   waits here at most 0.2 s, gets no answer.
# zh: 教程里的处理代码这时要睡 3 秒。这段时间里，鲍勃的请求躺在他的连接里没人读：TCPServer 要等
#   处理代码返回后才去接下一个客户。鲍勃在这里最多只等 0.2 秒，所以等不到回复。
# look: sockets bob; kernel
bob.settimeout(0.2)
bob.recv(1024)

# en: The handler answers Alice and returns; the server closes her connection
#   (shutdown_request) and only then goes back to accept().
# zh: 处理代码回复了爱丽丝然后返回；服务器关闭她的连接（shutdown_request），
#   这之后才回去调用 accept()。
# look: stream request
request.sendall(b'hello')
alice.recv(1024)
request.close()

# en: Now it is Bob's turn: accept, handle, answer, close. With the 3-second handler, he would
#   have had his answer about 6 seconds after he sent his request.
# zh: 终于轮到鲍勃了：accept、处理、回复、关闭。如果处理代码真的睡 3 秒，
#   他要在发出请求大约 6 秒后才拿到回复。
# look: stream request; sockets bob
request, client_address = server.accept()
request.recv(1024)
request.sendall(b'hello')
bob.recv(1024)
request.close()

# en: Now the same with ThreadingTCPServer. Two more clients arrive and send.
# zh: 再用 ThreadingTCPServer 的方式来一遍。又来了两个客户端，各自发出请求。
# look: sockets carol dave
carol = socket.create_connection(server.getsockname())
dave = socket.create_connection(server.getsockname())
carol.sendall(b'hi from carol')
dave.sendall(b'hi from dave')

# en: A ThreadingTCPServer accepts Carol, starts a thread to run her handler, and goes straight
#   back to accept(): Dave's connection is taken at once too.
# zh: ThreadingTCPServer 接受卡罗尔的连接，开一个线程去运行她的处理代码，自己马上回到 accept()：
#   戴夫的连接也立刻被接了下来。
# look: sockets carol_request dave_request
carol_request, carol_address = server.accept()
dave_request, dave_address = server.accept()

# en: While Carol's thread is still sleeping, Dave's thread serves him. A script runs one line
#   at a time, so here "at the same time" only means that nobody waits for Carol; with real
#   threads both answers would come about 3 seconds after the requests.
# zh: 卡罗尔的线程还在睡的时候，戴夫的线程已经在服务他了。脚本一次只执行一行，所以这里的
#   “同时”只是说没人需要等卡罗尔；换成真正的线程，两个回复都会在请求后大约 3 秒到达。
# look: stream dave_request
dave_request.recv(1024)
dave_request.sendall(b'hello')
dave.recv(1024)

# en: Carol's handler finishes in its own time, and she gets her answer as well.
# zh: 卡罗尔的处理代码按自己的节奏完成，她也拿到了回复。
# look: stream carol_request
carol_request.recv(1024)
carol_request.sendall(b'hello')
carol.recv(1024)

# en: Each thread closes its connection when its handler returns, and server_close() closes
#   the listening socket. The clients read b'': the server has hung up.
# zh: 每个线程在处理代码返回后关闭自己的连接，server_close() 再关闭监听套接字。
#   客户端读到 b''：服务器已经挂断。
# look: sockets; sequence
carol_request.close()
dave_request.close()
server.close()
carol.recv(1024)
dave.recv(1024)
