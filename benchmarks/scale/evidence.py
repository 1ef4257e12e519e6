"""The files behind the scale dataset's rows: one WARC record triple (request, response, metadata)
per capture, 1,000 captures per gzipped WARC file that opens with a warcinfo record, and one
synthetic PDF per document in the blob store. Everything is a function of the row's id, so the
rows (offsets, lengths, digests, SHA-256s) are the same whether or not the files are written, and
`kaiguul backup`/`restore` and warcio find records exactly where the database says they are.

The pages are invented text about fictional organisations; nothing here is real content.
"""

import gzip
import hashlib
import os
import time

PER_WARC = 1000
_FILLER = ("Бул демо барак ойдон чыгарылган уюмдун материалын туурайт. "
           "Эта страница выдумана для нагрузочного набора данных. ").encode()


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _date(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def _record(kind, uri, t, record_id, block, content_type, extra=()):
    lines = ["WARC/1.1", f"WARC-Type: {kind}", f"WARC-Record-ID: {record_id}", f"WARC-Date: {_date(t)}"]
    if uri:
        lines.append(f"WARC-Target-URI: {uri}")
    lines += list(extra)
    lines += [f"Content-Type: {content_type}", f"WARC-Block-Digest: sha256:{_sha(block)}",
              f"Content-Length: {len(block)}"]
    data = ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"
    # One gzip member per record (as the app writes), mtime 0 so the bytes never change.
    return gzip.compress(data, compresslevel=6, mtime=0)


def _rid(text):
    h = _sha(text.encode())
    return f"<urn:uuid:{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}>"


def page_body(c):
    """The captured page's HTML (700–4,700 bytes), a function of the capture id."""
    size = 700 + (c * 7919) % 4000
    head = f"<!doctype html><html><head><title>Scale capture {c}</title></head><body><p>".encode()
    tail = b"</p></body></html>"
    filler = (_FILLER * (size // len(_FILLER) + 2))[: max(0, size - len(head) - len(tail))]
    # Cut on a character boundary: the filler is UTF-8.
    filler = filler.decode("utf-8", "ignore").encode()
    return head + filler + tail


def payload_sha(c):
    return _sha(page_body(c))


def warc_name(c):
    return f"kaiguul-scale-{(c - 1) // PER_WARC:05d}.warc.gz"


def warcinfo(name):
    block = f"software: kaiguul scale dataset (synthetic)\r\nformat: WARC File Format 1.1\r\nfilename: {name}\r\n".encode()
    return _record("warcinfo", None, 1767225600.0, _rid("warcinfo " + name), block, "application/warc-fields",
                   extra=[f"WARC-Filename: {name}"])


def capture_records(c, url, t):
    """(request, response, metadata) gzip members and their block digests, for capture `c`."""
    host = url.split("/")[2] if "://" in url else "scale.example"
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    request_block = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: kaiguul (scale)\r\n\r\n".encode()
    body = page_body(c)
    response_block = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
                      .encode() + body)
    metadata_block = f"fetchTimeMs: {20 + c % 200}\r\nvia: scale dataset\r\n".encode()
    response_id, request_id, metadata_id = _rid(f"response {c}"), _rid(f"request {c}"), _rid(f"metadata {c}")
    request = _record("request", url, t, request_id, request_block, "application/http; msgtype=request",
                      extra=[f"WARC-Concurrent-To: {response_id}"])
    response = _record("response", url, t, response_id, response_block, "application/http; msgtype=response",
                       extra=[f"WARC-Payload-Digest: sha256:{_sha(body)}"])
    metadata = _record("metadata", url, t, metadata_id, metadata_block, "application/warc-fields",
                       extra=[f"WARC-Concurrent-To: {response_id}"])
    digests = {"request": _sha(request_block), "response": _sha(response_block), "metadata": _sha(metadata_block)}
    return request, response, metadata, digests, response_id


def document_bytes(d, size):
    head = f"%PDF-1.4\n% Kaiguul scale dataset: synthetic document {d}\n".encode()
    return (head + b"%" * max(0, size - len(head) - 6) + b"\n%%EOF")[: max(size, len(head) + 6)]


class Writer:
    """Writes the files into a data folder (KAIGUUL_DATA_DIR): warc/ and blobs/sha256/aa/bb/<hash>."""

    def __init__(self, data_dir):
        self.warc_dir = os.path.join(data_dir, "warc")
        self.blob_dir = os.path.join(data_dir, "blobs", "sha256")
        os.makedirs(self.warc_dir, exist_ok=True)
        self.name, self.file = None, None

    def warc(self, name, member):
        if name != self.name:
            self.close()
            self.name, self.file = name, open(os.path.join(self.warc_dir, name), "wb")
        self.file.write(member)

    def blob(self, data):
        h = _sha(data)
        folder = os.path.join(self.blob_dir, h[:2], h[2:4])
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, h), "wb") as f:
            f.write(data)
        return h

    def close(self):
        if self.file:
            self.file.close()
        self.name, self.file = None, None
