#!/usr/bin/env python3
"""The kuberules lab's only application: a TCP and UDP echo server for the pods, and the
client that probes Services through it.

Every answer is one line, "<server address> <client address as the server saw it>", which is
all the lab needs to tell which endpoint a connection reached and whether it was SNATed.
Python's standard library only, so it runs wherever python3 does; every socket has a timeout.

    echo.py serve IP PORT
    echo.py probe tcp|udp HOST PORT COUNT TIMEOUT [SOURCE]

A probe prints one line per try: "ok SERVER SAW", "refused MILLISECONDS", "timeout" or
"error TEXT".
"""
import socket
import sys
import threading
import time


def serve(ip, port):
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("0.0.0.0", port))
    tcp.listen(128)
    # Bound to the pod address so the reply leaves from it (the client's conntrack entry
    # expects the DNATed address back).
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind((ip, port))

    def answer_udp():
        while True:
            _, peer = udp.recvfrom(2048)
            udp.sendto(f"{ip} {peer[0]}\n".encode(), peer)

    threading.Thread(target=answer_udp, daemon=True).start()
    while True:
        connection, peer = tcp.accept()
        with connection:
            connection.settimeout(2)
            try:
                connection.sendall(f"{connection.getsockname()[0]} {peer[0]}\n".encode())
            except OSError:
                pass


def probe_once(protocol, host, port, timeout, source):
    kind = socket.SOCK_STREAM if protocol == "tcp" else socket.SOCK_DGRAM
    started = time.monotonic()
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.settimeout(timeout)
        if source:
            sock.bind((source, 0))
        try:
            sock.connect((host, port))
            if protocol == "udp":
                sock.send(b"hello\n")
                reply = sock.recv(2048)
            else:
                reply = b""
                while not reply.endswith(b"\n"):
                    chunk = sock.recv(2048)
                    if not chunk:
                        break
                    reply += chunk
            words = reply.decode().split()
            if len(words) != 2:
                return f"error reply {reply!r}"
            return f"ok {words[0]} {words[1]}"
        except ConnectionRefusedError:
            return f"refused {int((time.monotonic() - started) * 1000)}"
        except socket.timeout:
            return "timeout"
        except OSError as error:
            return f"error {error.strerror or error}"


def main(arguments):
    if len(arguments) == 3 and arguments[0] == "serve":
        serve(arguments[1], int(arguments[2]))
    elif len(arguments) in (6, 7) and arguments[0] == "probe":
        protocol, host, port, count, timeout = arguments[1:6]
        source = arguments[6] if len(arguments) == 7 else None
        for _ in range(int(count)):
            print(probe_once(protocol, host, int(port), float(timeout), source), flush=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
