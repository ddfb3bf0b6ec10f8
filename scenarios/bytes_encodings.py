# Text must become bytes to travel: utf-8, gbk and latin-1 give different bytes for the same text.
greeting = '你好'
len(greeting)
u = greeting.encode('utf-8')
u
len(u)
g = greeting.encode('gbk')
g
len(g)
u.decode('utf-8')
g.decode('gbk')
u.decode('latin-1')
'café'.encode('latin-1')
'café'.encode('utf-8')
b'caf\xe9'.decode('latin-1')
'café'.encode('ascii')
b'\xff'.decode('utf-8')
g.decode('utf-8')
'plain'.encode()
b'plain'.decode()
'\u00e9'
'tab\there'
'hex' + '\x41'
