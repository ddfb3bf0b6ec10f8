# A '.' right after a float literal is attribute access (1.5.x), not an invalid decimal literal.
x = 2.5
1.5.nope
1e3.nope
2..nope
0x10.nope
1.5 .nope
x.nope
