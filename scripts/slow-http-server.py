#!/usr/bin/env python3
"""Serves a folder over HTTP/1.1 on 127.0.0.1, waiting DELAY_MS before each answer, as a server
across the internet would. Prints the port it listens on, then serves until killed.

Usage: slow-http-server.py ROOT DELAY_MS [PORT]   (PORT 0 or absent: any free port)
Used by scripts/test-worker-kill.sh and benchmarks/crawl/run.sh (LATENCY_MS)."""
import http.server
import os
import socket
import socketserver
import sys
import time

root, delay = sys.argv[1], int(sys.argv[2]) / 1000
port = int(sys.argv[3]) if len(sys.argv) > 3 else 0
os.chdir(root)


class Slow(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Head and body go out in two writes; without this, Nagle and delayed ACKs add 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        time.sleep(delay)
        super().do_GET()

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


with Server(("127.0.0.1", port), Slow) as httpd:
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()
