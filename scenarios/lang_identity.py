# `is` on bytes and tuples: equal constants of one statement, (), b'' and one-byte bytes are single objects; t[:], t + (), t * 1 and bytes(b) are t and b themselves.
(1, -2) is (1, -2)
(1, 2) is (1, 2.0)
b'ab' is b'ab'
c = b'q'
c is b'q'
t = (1, 2)
t is (1, 2)
t[:] is t
t[::-1] is t
t + () is t
() + t is t
t * 1 is t
t * 0 is ()
c[:] is c
c + b'' is c
bytes(c) is c
bytearray(c) is c
b'abc'[3:] is b''
bytes() is b''
bytearray() is bytearray()
