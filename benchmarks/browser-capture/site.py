"""The benchmark's loopback site: COUNT script-built pages on 127.0.0.1:PORT.

Each page p<i>.html has an empty heading that its script fills from /data/<i>.json (XHR), a
stylesheet, an image and enough paragraphs to be taller than one screen, so a capture has to run
the script, fetch four subresources and take a full-page screenshot. Invented text only.
"""
import json
import sys
import zlib
import struct
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

TEXT = "FICTIONAL BULLETIN"


def png(width, height, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


IMAGE = png(200, 120, (40, 90, 160))
STYLE = b"body { font-family: sans-serif; margin: 40px; } h1 { font: bold 48px sans-serif; } p { line-height: 1.6; }"
SCRIPT = b"""
const index = document.body.dataset.index;
const request = new XMLHttpRequest();
request.open("GET", "/data/" + index + ".json");
request.onload = () => { document.getElementById("notice").textContent = JSON.parse(request.responseText).notice; };
request.send();
"""


def page(index):
    paragraphs = "".join(
        f"<p>Paragraph {k} of an invented civic bulletin number {index}. " + "Lorem ipsum dolor sit amet. " * 12 + "</p>"
        for k in range(18))
    return (f'<!doctype html><html><head><meta charset="utf-8"><title>Bulletin {index}</title>'
            f'<link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head>'
            f'<body data-index="{index}"><h1 id="notice"></h1><img src="/logo.png" width="200" height="120">'
            f'{paragraphs}</body></html>').encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/p") and path.endswith(".html"):
            body, kind = page(int(path[2:-5])), "text/html; charset=utf-8"
        elif path.startswith("/data/") and path.endswith(".json"):
            body, kind = json.dumps({"notice": f"{TEXT} {int(path[6:-5])}"}).encode(), "application/json"
        elif path == "/style.css":
            body, kind = STYLE, "text/css"
        elif path == "/app.js":
            body, kind = SCRIPT, "application/javascript"
        elif path == "/logo.png":
            body, kind = IMAGE, "image/png"
        else:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
