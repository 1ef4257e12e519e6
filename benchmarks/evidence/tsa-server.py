#!/usr/bin/env python3
"""A throwaway RFC 3161 time-stamping authority for benchmarks: `openssl ts -reply` behind a
loopback HTTP server. Makes its own root CA and TSA certificate in WORKDIR on start.

Usage: tsa-server.py WORKDIR PORT   (prints "ready" on stdout when it listens)
"""
import http.server, os, subprocess, sys, tempfile

work, port = sys.argv[1], int(sys.argv[2])
os.makedirs(work, exist_ok=True)

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=work)

with open(os.path.join(work, "tsa.ext"), "w") as f:
    f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
            "extendedKeyUsage=critical,timeStamping\n")
run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "root.key", "-out", "root.pem", "-days", "2", "-subj", "/CN=Benchmark TSA Root")
run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Benchmark TSA")
run("openssl", "x509", "-req", "-in", "tsa.csr", "-CA", "root.pem", "-CAkey", "root.key",
    "-CAcreateserial", "-out", "tsa.pem", "-days", "2", "-extfile", "tsa.ext")
with open(os.path.join(work, "tsa.cnf"), "w") as f:
    f.write(f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {work}
serial = {work}/tsaserial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.3.6.1.4.1.55555.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
""")
with open(os.path.join(work, "tsaserial"), "w") as f:
    f.write("01\n")

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = min(int(self.headers.get("Content-Length", "0")), 65536)
        query = self.rfile.read(length)
        with tempfile.NamedTemporaryFile(dir=work, suffix=".tsq", delete=False) as q:
            q.write(query)
        try:
            reply = subprocess.run(
                ["openssl", "ts", "-reply", "-config", "tsa.cnf", "-queryfile", q.name, "-inkey", "tsa.key",
                 "-signer", "tsa.pem", "-chain", "root.pem"],
                cwd=work, capture_output=True, check=True).stdout
        except subprocess.CalledProcessError:
            self.send_error(500)
            return
        finally:
            os.unlink(q.name)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
print("ready", flush=True)
server.serve_forever()
