# Sending text: encode on one side, decode on the other with the same codec - or get mojibake or an error.
import time
import socket
srv = socket.socket()
srv.bind(('127.0.0.1', 0))
srv.listen(1)
cli = socket.create_connection(srv.getsockname())
conn, _ = srv.accept()
msg = '中文消息'
cli.sendall(msg.encode('gbk'))
time.sleep(0.05)
raw = conn.recv(100)
len(raw)
raw.decode('gbk')
raw.decode('utf-8')
cli.sendall(msg.encode('utf-8'))
time.sleep(0.05)
raw = conn.recv(100)
len(raw)
raw[:3].decode('utf-8')
raw[:4].decode('utf-8')
raw.decode('utf-8') == msg
cli.send('中文')
