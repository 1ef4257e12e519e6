#!/usr/bin/env python3
"""The crawl benchmark's slow server (scripts/slow-http-server.py: HTTP/1.1, TCP_NODELAY, DELAY_MS
before each answer), listening on HOSTS loopback addresses 127.0.0.2 … 127.0.0.(HOSTS+1) on one
port, so each site is a host of its own to the fetcher's per-host politeness. Host N serves
ROOT/hN/. Prints the port, then serves until killed.

Usage: multi-host-server.py ROOT DELAY_MS HOSTS"""
import http.server
import os
import socket
import socketserver
import sys
import threading
import time

root, delay, hosts = sys.argv[1], int(sys.argv[2]) / 1000, int(sys.argv[3])


class Slow(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def __init__(self, request, client_address, server):
        super().__init__(request, client_address, server, directory=server.folder)

    def setup(self):
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        time.sleep(delay)
        super().do_GET()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    request_queue_size = 128


probe = socket.socket()
probe.bind(("127.0.0.2", 0))
port = probe.getsockname()[1]
probe.close()
servers = []
for n in range(1, hosts + 1):
    server = Server((f"127.0.0.{n + 1}", port), Slow)
    server.folder = os.path.join(root, f"h{n}")
    servers.append(server)
print(port, flush=True)
for server in servers[1:]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
servers[0].serve_forever()
