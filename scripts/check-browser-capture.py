#!/usr/bin/env python3
"""Browser and video capture, end to end, with tools that are not ours.

1. A loopback site serves a page whose text exists only after its script ran (the script fetches it
   with an XHR and writes it into the page). `kaiguul archive URL --browser --out PAGE.wacz` captures it.
   Then:
   - `wacz validate -f` accepts the package; `kaiguul verify-package` accepts it;
   - warcio reads every record of its WARC with digest checking, and `warcio check` passes;
   - the WARC holds the XHR's response (with the text) and the full-page screenshot as a `resource`
     record whose WARC-Concurrent-To is the page's response record; pages.jsonl names that screenshot;
   - pywb replays the page in Chromium (selenium, headless): the script runs against the archive
     and the text appears in the replayed page;
   - tesseract reads the text in the screenshot.
2. The same site serves a page with a <video> whose file is a small MP4 made by ffmpeg here.
   `kaiguul archive URL --video --out VIDEO.wacz` fetches it with yt-dlp through the guard proxy:
   the package validates, and its WARC holds the video as a resource record whose payload is the
   served file byte for byte (same SHA-256), linked to yt-dlp's info JSON record.
   Fails when yt-dlp is not installed (`make tools`).

Usage: check-browser-capture.py   (KAIGUUL_BIN names the binary, default .build/debug/kaiguul; the
tools come from the virtualenv this Python runs in)
"""
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
KAIGUUL = Path(os.environ.get("KAIGUUL_BIN") or ROOT / ".build/debug/kaiguul").resolve()
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# Invented text: large, plain words so OCR reads them whatever the font.
SLOGAN = "LANTERN ORDER MEETS AT DAWN"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Invented lantern page</title>
<style>body { font: 48px sans-serif; margin: 40px; background: #fff; color: #000; }</style></head>
<body><h1>Notice</h1><p id="slogan">loading</p>
<script>
var request = new XMLHttpRequest();
request.open("GET", "/api/slogan.json");
request.onload = function () {
  document.getElementById("slogan").textContent = JSON.parse(request.responseText).text;
};
request.send();
</script></body></html>
"""

VIDEO_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Invented clip</title>
<meta property="og:title" content="Invented clip"></head>
<body><video src="/clip.mp4" controls width="320" height="240"></video></body></html>
"""


class Failure(Exception):
    pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Requests the live site answered: a replay must not reach it (it would show the text without the archive).
LIVE_REQUESTS = []


def serve(files):
    """A loopback HTTP server for `files` (path -> (content type, bytes)); returns (server, base URL)."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            LIVE_REQUESTS.append(self.path)
            path = self.path.split("?")[0]
            if path not in files:
                self.send_error(404)
                return
            content_type, body = files[path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_HEAD(self):
            path = self.path.split("?")[0]
            if path not in files:
                self.send_error(404)
                return
            content_type, body = files[path]
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def archive(url, out, flag, home):
    env = dict(os.environ, KAIGUUL_DATA_DIR=str(home / "data"), KAIGUUL_FETCH_ALLOW="127.0.0.1/32",
               KAIGUUL_FETCH_MIN_DELAY_MS="0")
    env.pop("DATABASE_URL", None)
    result = subprocess.run([str(KAIGUUL), "archive", url, flag, "--out", str(out)], cwd=home,
                            capture_output=True, text=True, env=env, timeout=600)
    if result.returncode != 0:
        raise Failure(f"kaiguul archive {flag} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return result


def validate(package, home):
    result = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(package)], capture_output=True, text=True)
    if result.returncode != 0 or "Validation succeeded" not in result.stdout + result.stderr:
        raise Failure("wacz validate failed:\n" + result.stdout + result.stderr)
    env = dict(os.environ, KAIGUUL_DATA_DIR=str(home / "verify-data"))
    env.pop("DATABASE_URL", None)
    result = subprocess.run([str(KAIGUUL), "verify-package", str(package), "--language", "en"], cwd=home,
                            capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise Failure("kaiguul verify-package refuses it:\n" + result.stdout + result.stderr)


def records_of(package, work):
    """Every record of the package's WARC, digests checked by warcio, and `warcio check` on the file."""
    with zipfile.ZipFile(package) as z:
        names = [n for n in z.namelist() if n.startswith("archive/") and n.endswith(".warc.gz")]
        if len(names) != 1:
            raise Failure(f"expected one WARC in archive/, found {names}")
        warc = work / (package.stem + ".warc.gz")
        with z.open(names[0]) as source, open(warc, "wb") as target:
            shutil.copyfileobj(source, target)
        pages = [json.loads(line) for line in z.read("pages/pages.jsonl").decode().splitlines()[1:] if line.strip()]
    result = subprocess.run([str(BIN / "warcio"), "check", "-v", str(warc)], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure("warcio check failed:\n" + result.stdout + result.stderr)
    records = []
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            body = record.content_stream().read()
            if record.rec_headers.get_header("WARC-Block-Digest") is None:
                raise Failure(f"{record.rec_type} without WARC-Block-Digest")
            if record.digest_checker.passed is not True:
                raise Failure(f"{record.rec_type} {record.rec_headers.get_header('WARC-Target-URI')}: digest check "
                              f"{record.digest_checker.passed} {record.digest_checker.problems}")
            headers = record.rec_headers
            records.append({
                "type": record.rec_type, "id": headers.get_header("WARC-Record-ID"),
                "uri": headers.get_header("WARC-Target-URI"), "date": headers.get_header("WARC-Date"),
                "content_type": headers.get_header("Content-Type"),
                "payload_digest": headers.get_header("WARC-Payload-Digest"),
                "concurrent": [v for n, v in headers.headers if n.lower() == "warc-concurrent-to"],
                "body": body,
            })
    return records, pages


def replay_in_chromium(package, page, work):
    """pywb replays the package; headless Chromium loads the page from it and must show the slogan."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

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
    driver = None
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
        stamp = "".join(ch for ch in page["ts"] if ch.isdigit())[:14]
        options = Options()
        for argument in ("--headless=new", "--disable-gpu", "--no-first-run", "--window-size=1280,900",
                         "--no-proxy-server", f"--user-data-dir={work / 'chromium-profile'}"):
            options.add_argument(argument)
        if os.geteuid() == 0:
            options.add_argument("--no-sandbox")  # root in a container: Chromium's sandbox needs a user
        if Path("/usr/bin/chromium").exists():
            options.binary_location = "/usr/bin/chromium"
        service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")
        driver = webdriver.Chrome(options=options, service=service)
        driver.set_page_load_timeout(60)
        # The framed replay (`mp_`) serves the page rewritten, with wombat, so its script's XHR is answered
        # from the archive.
        driver.get(f"http://127.0.0.1:{port}/pkg/{stamp}mp_/{page['url']}")
        deadline = time.time() + 30
        text = ""
        while time.time() < deadline:
            # pywb may put the replayed page in a frame under its banner: read the page and its frames.
            driver.switch_to.default_content()
            texts = [driver.execute_script("return document.body ? document.body.innerText : ''") or ""]
            for frame in driver.find_elements("tag name", "iframe"):
                try:
                    driver.switch_to.frame(frame)
                    texts.append(driver.execute_script("return document.body ? document.body.innerText : ''") or "")
                finally:
                    driver.switch_to.default_content()
            text = " | ".join(texts)
            if SLOGAN in text:
                break
            time.sleep(0.3)
        if SLOGAN not in text:
            raise Failure(f"pywb's replay in Chromium does not show the script-built text; it shows {text[:300]!r}")
        return f"pywb replay in Chromium shows {SLOGAN!r}"
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def ocr(png, work):
    path = work / "screenshot.png"
    path.write_bytes(png)
    result = subprocess.run(["tesseract", str(path), "stdout"], capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure("tesseract failed:\n" + result.stderr)
    return result.stdout


def check_browser(base, work):
    home = work / "browser"
    home.mkdir()
    package = work / "page.wacz"
    url = f"{base}/page.html"
    archive(url, package, "--browser", home)
    validate(package, home)
    records, pages = records_of(package, work)
    responses = [r for r in records if r["type"] == "response"]
    xhr = [r for r in responses if r["uri"] == f"{base}/api/slogan.json"]
    if not xhr or SLOGAN.encode() not in xhr[0]["body"]:
        raise Failure("the WARC does not hold the script's XHR response with the text")
    page_response = [r for r in responses if r["uri"] == url]
    if not page_response:
        raise Failure("the WARC holds no response for the page")
    shots = [r for r in records if r["type"] == "resource" and r["uri"] == f"urn:fullPage:{url}"]
    if len(shots) != 1:
        raise Failure(f"expected one full-page screenshot record, found {len(shots)}")
    shot = shots[0]
    if shot["content_type"] != "image/png" or not shot["body"].startswith(b"\x89PNG"):
        raise Failure("the screenshot record is not a PNG")
    if page_response[-1]["id"] not in shot["concurrent"]:
        raise Failure("the screenshot's WARC-Concurrent-To is not the page's response record")
    listed = [p for p in pages if p["url"] == url]
    if not listed or listed[0].get("screenshot") != f"urn:fullPage:{url}":
        raise Failure(f"pages.jsonl does not list the page with its screenshot: {pages}")
    if any(p["url"].startswith("urn:") or p["url"].endswith(".json") for p in pages):
        raise Failure(f"pages.jsonl lists parts of the page as pages: {pages}")
    text = ocr(shot["body"], work)
    words = [w for w in SLOGAN.split() if w in text.upper()]
    if len(words) < len(SLOGAN.split()) - 1:
        raise Failure(f"tesseract does not read the text in the screenshot; it read {text[:300]!r}")
    before = len(LIVE_REQUESTS)
    replayed = replay_in_chromium(package, listed[0], work)
    if len(LIVE_REQUESTS) != before:
        raise Failure(f"the replay reached the live site: {LIVE_REQUESTS[before:]}")
    return (f"{len(records)} records; XHR response and screenshot (concurrent to the page) in the WARC; "
            f"OCR read {len(words)}/{len(SLOGAN.split())} words; {replayed}")


def ytdlp_available():
    if os.environ.get("KAIGUUL_YTDLP"):
        return True
    return (ROOT / ".venv-tools/bin/yt-dlp").exists() or shutil.which("yt-dlp") is not None


def check_video(base, clip, work):
    home = work / "video"
    home.mkdir()
    # The binary finds .venv-tools/bin/yt-dlp under its working folder: point it at the repository's.
    if not os.environ.get("KAIGUUL_YTDLP") and (ROOT / ".venv-tools/bin/yt-dlp").exists():
        os.environ["KAIGUUL_YTDLP"] = str(ROOT / ".venv-tools/bin/yt-dlp")
    package = work / "video.wacz"
    archive(f"{base}/video.html", package, "--video", home)
    validate(package, home)
    records, _ = records_of(package, work)
    digest = "sha256:" + hashlib.sha256(clip).hexdigest()
    videos = [r for r in records if r["type"] == "resource" and r["body"] == clip]
    if not videos:
        raise Failure("the WARC holds no resource record with the served video's bytes")
    video = videos[0]
    if video["payload_digest"] not in (digest, "sha256:" + base32(hashlib.sha256(clip).digest())):
        raise Failure(f"the video record's payload digest {video['payload_digest']} is not {digest}")
    infos = [r for r in records if r["type"] == "resource" and (r["uri"] or "").startswith("urn:video-info:")]
    if not infos or infos[0]["id"] not in video["concurrent"]:
        raise Failure("the video record is not concurrent to yt-dlp's info JSON record")
    json.loads(infos[0]["body"])
    return f"{len(records)} records; the video ({len(clip)} bytes, {digest[:19]}…) tied to yt-dlp's info JSON"


def base32(raw):
    import base64
    return base64.b32encode(raw).decode()


def make_clip(work):
    clip = work / "clip.mp4"
    result = subprocess.run(
        ["ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=10",
         "-pix_fmt", "yuv420p", "-c:v", "libx264", "-movflags", "+faststart", str(clip)],
        capture_output=True, text=True)
    if result.returncode != 0:
        # Not every ffmpeg has libx264; MPEG-4 part 2 plays as well.
        result = subprocess.run(
            ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
             "testsrc=duration=2:size=320x240:rate=10", "-c:v", "mpeg4", str(clip)],
            capture_output=True, text=True)
        if result.returncode != 0:
            raise Failure("ffmpeg could not make the clip:\n" + result.stderr)
    return clip.read_bytes()


def main():
    if not KAIGUUL.exists():
        print(f"no kaiguul binary at {KAIGUUL} (build first, or set KAIGUUL_BIN)", file=sys.stderr)
        return 2
    failures = 0
    with tempfile.TemporaryDirectory(prefix="kaiguul-browser-capture-") as tmp:
        work = Path(tmp)
        clip = make_clip(work)
        files = {
            "/page.html": ("text/html; charset=utf-8", PAGE.encode()),
            "/api/slogan.json": ("application/json", json.dumps({"text": SLOGAN}).encode()),
            "/video.html": ("text/html; charset=utf-8", VIDEO_PAGE.encode()),
            "/clip.mp4": ("video/mp4", clip),
        }
        server, base = serve(files)
        try:
            for name, check in (("browser", lambda: check_browser(base, work)),
                                ("video", lambda: check_video(base, clip, work))):
                if name == "video" and not ytdlp_available():
                    failures += 1
                    print("FAIL video: yt-dlp is not installed (make tools puts it in .venv-tools/)")
                    continue
                try:
                    print(f"ok   {name}: {check()}")
                except Failure as failure:
                    failures += 1
                    print(f"FAIL {name}: {failure}")
        finally:
            server.shutdown()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
