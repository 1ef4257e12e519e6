"""The peer: Python selenium driving the same Chromium (through chromedriver) over the same pages,
each loaded until its script-built heading shows, then a full-page PNG screenshot (DevTools
Page.captureScreenshot beyond the viewport, what a Selenium user does for a full page in Chromium).

Usage: peer.py BASE_URL COUNT TEXT [check OUTDIR]
Prints `key value` lines like BrowserBench. With `check`, loads page 0 only, writes its screenshot to
OUTDIR/peer-p0.png and prints whether the DOM holds the text (tesseract is run by run.sh).
"""
import base64
import os
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("KAIGUUL_CHROMIUM", "/usr/lib/chromium/chromium")
DRIVER = os.environ.get("CHROMEDRIVER", "/usr/lib/chromium/chromedriver")


def tree(root):
    """Pids of root and all its descendants."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory(pids):
    rss = pss = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    parts = line.split()
                    if parts[0] == "Rss:":
                        rss += int(parts[1])
                    elif parts[0] == "Pss:":
                        pss += int(parts[1])
        except OSError:
            pass
    return rss, pss


def main():
    base, count, text = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    check = len(sys.argv) > 4 and sys.argv[4] == "check"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless", "--disable-gpu", "--window-size=1280,900", "--hide-scrollbars",
                     "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver_pid = driver.service.process.pid
    peak = [0, 0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            rss, pss = memory(tree(driver_pid))
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    sound = shots = png_bytes = 0
    pages = 1 if check else count
    started = time.monotonic()
    for index in range(pages):
        driver.get(f"{base}/p{index}.html")
        expected = f"{text} {index}"
        try:
            WebDriverWait(driver, 30, poll_frequency=0.05).until(
                lambda d: d.find_element(By.ID, "notice").text == expected)
        except Exception:
            pass
        height = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]["height"]
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": 1280, "height": min(int(height + 0.999), 20000), "scale": 1}})
        data = base64.b64decode(shot["data"])
        shots += 1
        png_bytes += len(data)
        if expected in driver.page_source:
            sound += 1
        if check:
            with open(os.path.join(sys.argv[5], "peer-p0.png"), "wb") as f:
                f.write(data)
    elapsed = time.monotonic() - started
    stop.set()
    sampler.join()
    print(f"version Chromium/{driver.capabilities.get('browserVersion', '?')}")
    print(f"pages {pages}")
    print(f"seconds {elapsed:.2f}")
    print(f"pages_per_minute {pages / elapsed * 60:.1f}")
    print(f"peak_rss_mb {peak[0] / 1024:.1f}")
    print(f"peak_pss_mb {peak[1] / 1024:.1f}")
    print(f"sound_pages {sound}")
    print(f"screenshots {shots}")
    print(f"png_mb {png_bytes / 1048576:.1f}")
    driver.quit()


if __name__ == "__main__":
    main()
