# A datagram socket that shut its sending side: Unix ones refuse every send with EPIPE; UDP still asks send() for a destination first.
import socket
c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
c.shutdown(socket.SHUT_WR)
c.send(b'hello')
c.sendto(b'hello', '/tmp/sp-conf-dgram_send_shutdown-nowhere.sock')
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.shutdown(socket.SHUT_WR)
u.send(b'hello')
u.sendto(b'hello', ('127.0.0.1', 9))
