# Repeating empty sequences by huge counts is instant; bytes.hex's bytes_per_sep is a C int.
b'' * 999999999999
() * 9999999999999
'' * 99999999999
bytearray() * 99999999999
len(b'ab' * 1000000)
(b'xyz' * 7)[-4:]
b'abc'.hex(':', 2147483647)
b'abc'.hex(':', 2147483648)
b'abc'.hex(':', -2147483649)
b'abc'.hex(bytes_per_sep=99999999999)
