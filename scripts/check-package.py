#!/usr/bin/env python3
"""Checks Kaiguul evidence packages (.wacz) with tools that are not ours.

For every package under DIR:
  1. `wacz validate -f` accepts it (layout, datapackage hashes, digest file);
  2. warcio reads its WARC with digest checking on every record (`ArchiveIterator(check_digests=True)`,
     and `warcio check` on the extracted WARC): every record carries a block digest and it verifies;
  3. the first record is `warcinfo`;
  4. every `response` has its `request` (linked by WARC-Concurrent-To), unless the custody manifest
     says the capture was packaged with its response only;
  5. pywb replays it: a collection is made from the package, `wayback` runs on a loopback port, and
     every page of pages/pages.jsonl comes back (`id_`, unrewritten) with the archived payload's bytes;
  6. its WACZ signature (datapackage-digest.json `signedData`) verifies: the anonymous mode with
     `cryptography` (ECDSA P-256/SHA-256 over the `hash` string with `publicKey`), the domain mode with
     authsign's `Verifier` given the trusted-roots file the test left beside the package
     (`NAME.roots.yaml`); and `kaiguul verify-package` accepts it;
  7. three tampered copies are refused: one byte changed in the WARC (wacz validate and verify-package
     fail), in datapackage.json (the same), and in the signature (cryptography or authsign, and
     verify-package, fail).

Usage: check-package.py DIR   (tools from the virtualenv this Python runs in; KAIGUUL_BIN names the
kaiguul binary, default .build/debug/kaiguul)
Exits non-zero on the first package that fails, or when DIR holds no package.
"""
import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
import zlib
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from warcio.archiveiterator import ArchiveIterator

BIN = Path(sys.executable).parent
KAIGUUL = Path(os.environ.get("KAIGUUL_BIN") or Path(__file__).resolve().parent.parent / ".build/debug/kaiguul").resolve()
# The replay server is on loopback: never send its requests through a configured proxy.
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Failure(Exception):
    pass


def validate_wacz(package):
    result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(package)], capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0 or "Validation succeeded" not in output:
        raise Failure("wacz validate failed:\n" + output)


def read_records(warc):
    """Every record with its headers and payload, digests checked by warcio."""
    records = []
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            # The body as stored (pywb's `id_` mode serves it so), and decoded when it carries a
            # content coding, since either is the original content.
            raw = record.raw_stream.read()
            payloads = [raw]
            coding = (record.http_headers.get_header("Content-Encoding") or "").lower() if record.http_headers else ""
            if coding in ("gzip", "x-gzip", "deflate"):
                try:
                    payloads.append(zlib.decompress(raw, 47 if "gzip" in coding else 15))
                except zlib.error:
                    pass
            headers = record.rec_headers
            if headers.get_header("WARC-Block-Digest") is None:
                raise Failure(f"{record.rec_type} {headers.get_header('WARC-Record-ID')}: no WARC-Block-Digest")
            if record.digest_checker.passed is not True:
                raise Failure(f"{record.rec_type} {headers.get_header('WARC-Record-ID')}: digest check "
                              f"{record.digest_checker.passed}: {record.digest_checker.problems}")
            records.append({
                "type": record.rec_type,
                "id": headers.get_header("WARC-Record-ID"),
                "uri": headers.get_header("WARC-Target-URI"),
                "date": headers.get_header("WARC-Date"),
                "concurrent": [value for name, value in headers.headers if name.lower() == "warc-concurrent-to"],
                "payloads": payloads,
            })
    return records


def check_structure(records, manifest):
    if not records or records[0]["type"] != "warcinfo":
        raise Failure("the first record is not warcinfo: " + (records[0]["type"] if records else "no records"))
    if any(r["type"] == "warcinfo" for r in records[1:]):
        raise Failure("more than one warcinfo record")
    response_only = {c["url"] for c in manifest.get("captures", []) if c.get("records") == "response"}
    requests = [r for r in records if r["type"] == "request"]
    for response in (r for r in records if r["type"] == "response"):
        linked = [q for q in requests
                  if response["id"] in q["concurrent"] or q["id"] in response["concurrent"]]
        if not linked and response["uri"] not in response_only:
            raise Failure(f"response {response['id']} ({response['uri']}) has no request")
        if linked and linked[0]["uri"] != response["uri"]:
            raise Failure(f"response {response['id']}: its request is for another URI")
    for record in manifest.get("records", []):
        match = [r for r in records if r["id"] == record["recordID"]]
        if len(match) != 1 or match[0]["type"] != record["type"]:
            raise Failure(f"manifest names {record['recordID']} ({record['type']}), not found once in the WARC")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replay(package, warc_payloads, work):
    """Makes a pywb collection from the package, runs wayback on loopback, fetches every page."""
    root = work / "pywb"
    root.mkdir()
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    for args in (["init", "pkg"], ["add", "--unpack-wacz", "pkg", str(package)]):
        result = subprocess.run([str(BIN / "wb-manager")] + args, cwd=root, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise Failure(f"wb-manager {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    port = free_port()
    log = open(work / "wayback.log", "w")
    server = subprocess.Popen([str(BIN / "wayback"), "--bind", "127.0.0.1", "-p", str(port)], cwd=root,
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    raise Failure("wayback did not start:\n" + (work / "wayback.log").read_text())
                time.sleep(0.2)
        with zipfile.ZipFile(package) as z:
            lines = z.read("pages/pages.jsonl").decode("utf-8").splitlines()
        pages = [json.loads(line) for line in lines[1:] if line.strip()]
        if not pages:
            raise Failure("pages/pages.jsonl lists no page to replay")
        for page in pages:
            stamp = "".join(ch for ch in page["ts"] if ch.isdigit())[:14]
            url = f"http://127.0.0.1:{port}/pkg/{stamp}id_/{page['url']}"
            try:
                with NO_PROXY.open(url, timeout=30) as answer:
                    body = answer.read()
                    status = answer.status
            except urllib.error.HTTPError as error:
                raise Failure(f"pywb answered {error.code} for {page['url']} ({url})")
            expected = warc_payloads.get(page["url"]) or []
            if status != 200 or not body or body not in expected:
                raise Failure(f"pywb replayed {page['url']} with status {status} and {len(body)} bytes; "
                              f"the archived payload has {[len(e) for e in expected]} bytes")
            print(f"     pywb replayed {page['url']} ({len(body)} bytes, identical)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def beside(package, suffix):
    """A file the test left beside a sample package (NAME.roots.yaml, NAME.roots.pem)."""
    return package.with_name(package.name[:-len(".wacz")] + suffix)


def check_signature(package, original=None):
    """The WACZ signature by a reader that is not ours (trusted roots from beside `original`, the sample a
    tampered copy was made from). Returns a description; raises Failure."""
    with zipfile.ZipFile(package) as z:
        digest = json.loads(z.read("datapackage-digest.json"))
    signed = digest.get("signedData")
    if not signed:
        raise Failure("datapackage-digest.json has no signedData")
    if signed.get("hash") != digest.get("hash"):
        raise Failure("signedData is for another hash than datapackage-digest.json's")
    if signed.get("domainCert"):
        roots = beside(original or package, ".roots.yaml")
        if not roots.exists():
            raise Failure(f"a domain-mode package needs its trusted-roots file {roots.name} beside it")
        from authsign.verifier import Verifier
        # authsign 0.6 raises on a failed step (older versions returned None); either is a refusal.
        try:
            result = Verifier(trusted_roots_filename=str(roots))(signed)
        except Exception as error:
            raise Failure(f"authsign's Verifier rejects the domain signature: {error!r}")
        if not result:
            raise Failure("authsign's Verifier rejects the domain signature")
        # authsign 0.6 answers with a VerifiedResponse (observer, timestamp); older versions with a dict.
        fields = result if isinstance(result, dict) else vars(result)
        return f"domain signature of {fields.get('observer')} stamped {fields.get('timestamp')} (authsign)"
    try:
        key = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
        key.verify(base64.b64decode(signed["signature"]), signed["hash"].encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, KeyError, ValueError) as error:
        raise Failure(f"the anonymous ECDSA signature does not verify (cryptography): {error!r}")
    return "anonymous ECDSA P-256 signature (cryptography)"


def verify_package(package, work, original=None):
    """Runs `kaiguul verify-package` (in a folder of its own, so its data directory is a throwaway)."""
    args = [str(KAIGUUL), "verify-package", str(package), "--language", "en"]
    roots = beside(original or package, ".roots.pem")
    if roots.exists():
        args += ["--trusted-roots", str(roots)]
    home = work / "kaiguul-home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, KAIGUUL_DATA_DIR=str(home / "data"))
    env.pop("DATABASE_URL", None)
    return subprocess.run(args, cwd=home, capture_output=True, text=True, env=env)


def rewrite_zip(package, out, name, change):
    """Copies the package entry by entry, names and compression kept, with `change` applied to one entry."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == name:
                data = change(data)
            target.writestr(info, data, compress_type=info.compress_type)


def flip_middle(data):
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    return bytes(changed)


def change_title(data):
    """One letter of the title changed: datapackage.json stays valid JSON, only its hash tells."""
    changed = bytearray(data)
    at = data.index(b'"title"')
    at = data.index(b'"', data.index(b":", at)) + 1
    changed[at] = ord("Q") if changed[at] != ord("Q") else ord("R")
    return bytes(changed)


def flip_signature(data):
    digest = json.loads(data)
    signature = bytearray(base64.b64decode(digest["signedData"]["signature"]))
    signature[-1] ^= 0x01
    digest["signedData"]["signature"] = base64.b64encode(bytes(signature)).decode("ascii")
    return json.dumps(digest).encode("utf-8")


def check_tampered(package, work):
    """Three copies with one byte changed each: every reader must refuse its copy."""
    with zipfile.ZipFile(package) as z:
        warc = next(n for n in z.namelist() if n.startswith("archive/"))
    notes = []
    for label, name, change in (("WARC", warc, flip_middle), ("datapackage.json", "datapackage.json", change_title),
                                ("signature", "datapackage-digest.json", flip_signature)):
        copy = work / f"tampered-{label.replace('.', '-')}.wacz"
        rewrite_zip(package, copy, name, change)
        if label != "signature":
            result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(copy)], capture_output=True, text=True)
            if result.returncode == 0 and "Validation succeeded" in result.stdout + result.stderr:
                raise Failure(f"wacz validate accepts a package with one byte changed in its {label}")
        else:
            try:
                check_signature(copy, original=package)
            except Failure:
                pass
            else:
                raise Failure("the signature check accepts a changed signature")
        result = verify_package(copy, work, original=package)
        if result.returncode == 0:
            raise Failure(f"kaiguul verify-package accepts a package with one byte changed in its {label}:\n"
                          + result.stdout)
        failed = [line for line in result.stdout.splitlines() if line.startswith("[FAILED]")]
        notes.append(f"{label}: {len(failed)} checks failed")
    return "; ".join(notes)


def check(package):
    validate_wacz(package)
    with tempfile.TemporaryDirectory(prefix="kaiguul-package-check-") as tmp:
        work = Path(tmp)
        signature = check_signature(package)
        result = verify_package(package, work)
        if result.returncode != 0:
            raise Failure("kaiguul verify-package refuses it:\n" + result.stdout + result.stderr)
        print(f"     {signature}; kaiguul verify-package: {result.stdout.strip().splitlines()[-1]}")
        print(f"     tampered copies refused ({check_tampered(package, work)})")
        with zipfile.ZipFile(package) as z:
            names = z.namelist()
            warcs = [n for n in names if n.startswith("archive/") and n.endswith(".warc.gz")]
            if len(warcs) != 1:
                raise Failure(f"expected one WARC in archive/, found {warcs}")
            if "custody/manifest.json" not in names:
                raise Failure("no custody/manifest.json")
            manifest = json.loads(z.read("custody/manifest.json"))
            warc = work / "package.warc.gz"
            with z.open(warcs[0]) as source, open(warc, "wb") as target:
                shutil.copyfileobj(source, target)
        result = subprocess.run([str(BIN / "warcio"), "check", "-v", str(warc)], capture_output=True, text=True)
        if result.returncode != 0:
            raise Failure("warcio check failed:\n" + result.stdout + result.stderr)
        records = read_records(warc)
        check_structure(records, manifest)
        payloads = {r["uri"]: r["payloads"] for r in records if r["type"] == "response"}
        replay(package, payloads, work)
        kinds = [r["type"] for r in records]
        return f"{len(records)} records ({kinds.count('request')} request, {kinds.count('response')} response, " \
               f"{kinds.count('metadata')} metadata)"


def main():
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        print(f"usage: {sys.argv[0]} DIR", file=sys.stderr)
        return 2
    # Absolute: pywb's wb-manager runs in its own working folder.
    packages = sorted(Path(sys.argv[1]).resolve().rglob("*.wacz"))
    if not packages:
        print(f"no .wacz under {sys.argv[1]}", file=sys.stderr)
        return 1
    if not KAIGUUL.exists():
        print(f"no kaiguul binary at {KAIGUUL} (build first, or set KAIGUUL_BIN)", file=sys.stderr)
        return 2
    failures = 0
    for package in packages:
        try:
            print(f"ok   {package}: {check(package)}")
        except Failure as failure:
            failures += 1
            print(f"FAIL {package}: {failure}")
    print(f"checked {len(packages)} packages, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
