# title.en: From Python 2 to Python 3: print, input, and str versus bytes
# title.zh: 从 Python 2 到 Python 3：print、input，以及 str 与 bytes
# summary.en: The tutorial's programs are Python 2. Three changes matter for them: print is a
#   function, raw_input() is now called input(), and text (str) and raw bytes (bytes) are
#   different types. A socket only carries bytes, so text must be encoded before it is sent and
#   decoded after it is received, and bytes are never equal to text.
# summary.zh: 教程里的程序是 Python 2 写的。对它们来说，有三处变化最要紧：print 变成了函数，
#   raw_input() 改名为 input()，文本（str）和原始字节（bytes）成了两种不同的类型。
#   套接字只传字节，所以文本发送前要编码、收到后要解码，而且字节串永远不等于文本。
# try.en: Try word.encode('ascii'): ASCII has no Chinese characters, so encoding fails with
#   UnicodeEncodeError, the mirror image of the decoding errors below.
# try.zh: 试试 word.encode('ascii')：ASCII 里没有汉字，编码会失败并抛出 UnicodeEncodeError，
#   正好和后面的解码错误相对应。

# en: print is a function in Python 3, so its arguments go in parentheses. Python 2's
#   print "waiting..." is a syntax error now; the playground refuses it before running
#   anything, as python3 does.
# zh: 在 Python 3 里 print 是函数，参数要放进括号。Python 2 的写法 print "waiting..." 现在是
#   语法错误；练习场和 python3 一样，会在运行之前就拒绝它。
print('waiting for connection...')

# en: Several arguments are printed with a space between them, and bytes print with their b''
#   marks, just as they look in the console.
# zh: 多个参数之间用空格隔开打印；字节串打印出来带着 b'' 标记：和在控制台里看到的一模一样。
print('received from', 'client', ':', b'hello')

# en: The tutorial's client reads a line with raw_input('> '). In Python 3 that is
#   input('> '), which returns str. Playground scripts cannot read the keyboard (input() is
#   not part of the script language), so the line the user would type is written here as a
#   str literal.
# zh: 教程里的客户端用 raw_input('> ') 读一行输入。在 Python 3 里应写成 input('> ')，
#   返回的是 str。练习场脚本不能读键盘（脚本语言里没有 input()），
#   所以这里直接把用户要输入的那一行写成字符串字面量。
typed = 'hello, server'

# en: Set up a connection to try it on: a server, a client, and the accepted socket.
# zh: 准备一条连接来试验：一个服务器、一个客户端，以及 accept 得到的套接字。
# look: sockets server client conn
import socket
server = socket.create_server(('127.0.0.1', 0))
client = socket.create_connection(server.getsockname())
conn, address = server.accept()

# en: Python 2's tcp_client.send(input_data) sent a str, which was bytes in Python 2. In
#   Python 3 it fails with TypeError: a socket wants bytes.
# zh: Python 2 的 tcp_client.send(input_data) 发送的是 str，而在 Python 2 里 str 就是字节。
#   到了 Python 3，这样写会抛出 TypeError：套接字要的是 bytes。
# look: log
client.send(typed)

# en: encode() turns text into bytes with a chosen encoding. UTF-8 is the usual choice.
# zh: encode() 按指定的编码把文本变成字节。最常用的是 UTF-8。
# look: stream client
client.send(typed.encode('utf-8'))

# en: What arrives is bytes. Compared with the str it came from, it is simply not equal, which
#   is no error, just False.
# zh: 收到的是字节串。拿它和原来的 str 比较，结果就是不相等：不会报错，只是 False。
# look: stream conn
data = conn.recv(1024)
data == typed
data.decode('utf-8') == typed

# en: This is why the tutorial's server loop would never stop in Python 3: recv() returns
#   b'exit', and b'exit' == 'exit' is False. Compare bytes with bytes.
# zh: 这就是教程里服务器的循环在 Python 3 下永远停不下来的原因：recv() 返回 b'exit'，
#   而 b'exit' == 'exit' 的结果是 False。字节串要和字节串比较。
client.sendall(b'exit')
data = conn.recv(1024)
data == 'exit'
data == b'exit'

# en: str() of bytes does not decode them: it gives their repr, b'' marks and all. Use decode().
# zh: 对字节串调用 str() 并不会解码，得到的是它的 repr，连 b'' 标记都在里面。要用 decode()。
str(data)
data.decode('ascii')

# en: Chinese text shows why the encoding matters: two characters, six bytes in UTF-8, four in
#   GBK.
# zh: 中文最能说明编码为什么重要：两个字符，用 UTF-8 编码是 6 个字节，用 GBK 是 4 个字节。
word = '你好'
len(word)
word.encode('utf-8')
word.encode('gbk')

# en: Both ends must agree on the encoding. UTF-8 bytes decoded as GBK give wrong characters
#   (mojibake), and GBK bytes decoded as UTF-8 raise UnicodeDecodeError.
# zh: 收发双方必须约定同一种编码。把 UTF-8 字节按 GBK 解码会得到乱码，
#   把 GBK 字节按 UTF-8 解码则会抛出 UnicodeDecodeError。
word.encode('utf-8').decode('gbk')
word.encode('gbk').decode('utf-8')

# en: A stream can also cut a character in half. Read only 4 of the 6 bytes and the last
#   character is incomplete, so decoding that piece alone fails.
# zh: 字节流还可能把一个字符从中间切开。6 个字节只读 4 个，最后一个字符就不完整，
#   单独解码这一段会失败。
# look: stream conn
client.sendall(word.encode('utf-8'))
head = conn.recv(4)
head.decode('utf-8')

# en: Read the rest and decode the whole thing: the text comes back intact.
# zh: 把剩下的读出来，拼在一起再解码，文字就完整地回来了。
tail = conn.recv(1024)
(head + tail).decode('utf-8')

# en: Done: close the connection and the server.
# zh: 结束：关闭连接和服务器。
# look: sockets
client.close()
conn.close()
server.close()
