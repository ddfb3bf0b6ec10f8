# print(file=sys.stdout / sys.stderr) and the streams' write(): stderr is not part of a step's output; sys.stdout is the step's captured output.
import sys
import socket
print('to stdout', file=sys.stdout)
print('to stderr', file=sys.stderr)
print('a', 'b', sep='-', end='!\n', file=sys.stdout)
print('x', file=sys.stderr, flush=True)
sys.stdout.write('written\n')
sys.stdout.write('é')
sys.stderr.write('err\n')
sys.stdout.write(b'x')
sys.stderr.write(b'x')
sys.stdout.write()
sys.stderr.write('a', 'b')
sys.stdout.flush()
sys.stderr.flush()
sys.stderr
sys.stderr.name
sys.stdout.foo
sys.stderr.foo
sys.byteorder
sys.maxsize
sys.platform
sys.foo
print('x', file=sys)
print('x', file=socket)
print('x', file=None)
sys
