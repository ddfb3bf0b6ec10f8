# Slicing, indexing, len, + and * on str and bytes, and the conversions between them.
data = b'Hello, socket'
data[:5]
data[7:]
data[-6:]
data[0]
data[100:]
len(data)
data + b'!'
b'ab' * 3
'ab' * 3
3 * b'-'
data.upper()
data.lower()
data.hex()
'MiXeD'.lower()
'MiXeD'.upper()
bytes(3)
bytes('abc', 'utf-8')
bytearray(b'xy')
bytearray(b'xy') + b'z'
str(b'x')
str(42)
int('42') + 1
int(b'7')
repr('quote\'s')
repr(b'\x00\n')
b'a' + 'b'
'a' + b'b'
'a' * 'b'
'abc'[10]
len(5)
int('ten')
-len(data)
data == b'Hello, socket'
data != b'hello, socket'
'b' > 'a'
b'abc' < b'abd'
not data
None is None
data is not None
