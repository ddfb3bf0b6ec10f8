# title.en: Creating sockets: families, types and what socket.socket() gives you
# title.zh: 创建套接字：地址族、类型，以及 socket.socket() 到底给了你什么
# summary.en: A socket is an object of the class socket.socket. Two choices shape it: the address
#   family (which kind of addresses it speaks: IPv4, IPv6, local files) and the type (a stream
#   or datagrams). Here we create a few, read their attributes and their repr, and close one.
# summary.zh: 套接字就是 socket.socket 类的一个实例。决定它模样的有两项：地址族（它使用哪种地址：
#   IPv4、IPv6 还是本机文件路径）和类型（字节流还是数据报）。这一课我们创建几个套接字，
#   看看它们的属性和 repr，再关掉其中一个。
# try.en: Create socket.socket(socket.AF_INET6, socket.SOCK_DGRAM) and predict its repr before
#   you run the line.
# try.zh: 创建 socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)，运行之前先猜猜它的 repr 长什么样。

# en: Import the module; the class and all the constants live in it.
# zh: 导入模块，套接字类和各种常量都在里面。
import socket

# en: A TCP socket: the IPv4 family and the stream type. Its repr shows the file descriptor the
#   operating system gave it, family 2, type 1, and a local address that is still empty.
# zh: 一个 TCP 套接字：IPv4 地址族加流式类型。它的 repr 显示了操作系统分配的文件描述符、
#   family=2、type=1，以及一个还空着的本地地址。
# look: sockets tcp
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)

# en: The three constructor arguments come back as attributes. Family and type are enums: they
#   print with their names, yet they are plain integers underneath.
# zh: 构造时的三个参数都能作为属性读回来。family 和 type 是枚举：显示时带着名字，本质上仍是整数。
tcp.family
tcp.type
tcp.proto

# en: A UDP socket differs only in its type: SOCK_DGRAM.
# zh: UDP 套接字只是类型不同：SOCK_DGRAM。
# look: sockets udp
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.type

# en: With no arguments you get the defaults, AF_INET and SOCK_STREAM: socket.socket() is a TCP
#   socket over IPv4.
# zh: 不带参数时用的是默认值 AF_INET 和 SOCK_STREAM：socket.socket() 就是一个 IPv4 上的 TCP 套接字。
# look: sockets plain
plain = socket.socket()
plain.family == socket.AF_INET
plain.type == socket.SOCK_STREAM

# en: Other families speak other addresses: AF_INET6 for IPv6 (family 10 on Linux), AF_UNIX for
#   processes on the same machine, which meet at a path in the file system (family 1).
# zh: 别的地址族使用别的地址：AF_INET6 对应 IPv6（在 Linux 上是 10），AF_UNIX 用于同一台机器上的
#   进程之间通信，双方约在文件系统里的一个路径上见面（值为 1）。
# look: sockets v6 local
v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
local = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)

# en: Underneath, the constants are numbers, which is what the operating system receives.
# zh: 这些常量归根结底就是数字，操作系统收到的也正是这些数字。
int(socket.AF_INET6)
int(socket.SOCK_DGRAM)
socket.AF_UNIX == 1

# en: fileno() is the operating system's handle for the socket: a small integer, the same kind
#   an open file gets.
# zh: fileno() 是操作系统用来标识这个套接字的句柄：一个小整数，和打开的文件拿到的是同一类东西。
tcp.fileno()

# en: A new socket has no address yet: getsockname() answers with the "any" address and port 0
#   until it is bound or connected.
# zh: 新建的套接字还没有地址：在绑定或连接之前，getsockname() 返回的是“任意地址”和 0 号端口。
tcp.getsockname()

# en: close() gives the descriptor back. The object lives on, marked [closed] in its repr, and
#   fileno() now says -1.
# zh: close() 把描述符还给操作系统。对象本身还在，repr 里标着 [closed]，fileno() 也变成了 -1。
# look: sockets tcp
tcp.close()
tcp
tcp.fileno()

# en: A closed socket cannot be used again: any call on it fails with "Bad file descriptor".
# zh: 关闭的套接字不能再用，对它的任何调用都会报“Bad file descriptor”（错误的文件描述符）。
# look: log
tcp.getsockname()
