#!/usr/bin/env python3
"""Checks `kaiguul mirrors favicon-hash DIR` against Python's `mmh3`, the way Shodan computes
`http.favicon.hash`: mmh3.hash(base64.encodebytes(icon_bytes)) — signed 32-bit, seed 0, base64
with a newline after every 76 characters and at the end.

Icons compared: random bytes of every length around the base64 line (0…200) and of larger sizes,
real icon files built here (PNG of several sizes and ICO files holding them), the PNG of the
shared fixtures, and any files or folders given with --icons.

    .venv/bin/python scripts/check-favicon-hash.py [--kaiguul .build/debug/kaiguul] [--icons DIR…]

One line per mismatch to stderr, a summary line to stdout; exit status 1 on any mismatch.
"""
import argparse
import base64
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

import mmh3


def shodan_hash(data):
    return mmh3.hash(base64.encodebytes(data))


def png(size, colour):
    """A true-colour PNG of a disc on a clear field, written with zlib (no imaging library needed)."""
    rows = []
    centre = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre) ** 2 <= (size / 2 - 1) ** 2
            row += bytes(colour + (255,)) if inside else b"\xff\xff\xff\x00"
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
            + chunk(b"IEND", b""))


def ico(images):
    """A Windows icon holding PNG images, as favicon.ico files usually are today."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    body = b""
    for size, data in images:
        out += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return out + body


def real_icons():
    """ICO and PNG files as sites serve them, drawn here (no network)."""
    icons = []
    drawn = []
    for size, colour in ((16, (200, 30, 30)), (32, (20, 120, 220)), (48, (10, 160, 90)), (64, (240, 200, 0))):
        data = png(size, colour)
        drawn.append((size, data))
        icons.append((f"drawn-{size}.png", data))
        icons.append((f"drawn-{size}.ico", ico([(size, data)])))
    icons.append(("drawn-multi.ico", ico(drawn)))
    return icons


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kaiguul", default=os.path.join(".build", "debug", "kaiguul"))
    parser.add_argument("--icons", nargs="*", default=[], help="more icon files or folders")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    samples = [(f"random-{n}.bin", bytes(rng.getrandbits(8) for _ in range(n))) for n in range(0, 201)]
    samples += [(f"random-big-{n}.bin", rng.randbytes(n)) for n in (1_000, 4_095, 4_096, 10_000, 65_536, 300_001)]
    samples += real_icons()
    here = os.path.dirname(os.path.abspath(__file__))
    fixture = os.path.normpath(os.path.join(here, "..", "..", "shared", "fixtures", "pdq", "images", "pen-and-coaster.png"))
    files = []
    if os.path.exists(fixture):
        files.append(fixture)
    for path in args.icons:
        if os.path.isdir(path):
            files += [os.path.join(path, name) for name in sorted(os.listdir(path))
                      if os.path.isfile(os.path.join(path, name))]
        else:
            files.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        # Everything goes into one folder, which the command hashes file by file.
        for path in files:
            with open(path, "rb") as f:
                samples.append(("given-" + os.path.basename(path), f.read()))
        files = []
        for name, data in samples:
            path = os.path.join(tmp, name)
            with open(path, "wb") as f:
                f.write(data)
            files.append(path)
        expected = {}
        for path in files:
            with open(path, "rb") as f:
                expected[path] = shodan_hash(f.read())
        run = subprocess.run([args.kaiguul, "mirrors", "favicon-hash", tmp], capture_output=True, text=True)
        if run.returncode != 0:
            print(f"kaiguul exited with {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
            return 1
        got = {}
        for line in run.stdout.splitlines():
            value, _, path = line.partition(" ")
            got[path] = int(value)

    problems = 0
    for path, value in expected.items():
        if got.get(path) != value:
            problems += 1
            print(f"{path}: kaiguul {got.get(path)} mmh3 {value}", file=sys.stderr)
    print(f"{len(expected)} files, {len(expected) - problems} equal to mmh3, {problems} different")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
