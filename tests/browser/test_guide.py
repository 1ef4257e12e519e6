"""The public "recognise and report" guide at a phone's width, and its leaflet printed to PDF.

Runs against a live `kaiguul demo` (scripts/browser-test.sh), whose knowledge base has approved
entries for two fictional organisations. No sign-in: the guide is public.
"""
import base64
import os
import re
import urllib.parse
import urllib.request
import zlib

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.print_page_options import PrintOptions

BASE = os.environ.get("KAIGUUL_URL", "http://127.0.0.1:8080")
SHOTS = os.environ.get("SCREENSHOTS", ".build/screenshots")
PHONE = {"width": 390, "height": 844}


@pytest.fixture()
def phone():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                f"--window-size={PHONE['width']},{PHONE['height']}", "--lang=ru-RU"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    # The page is laid out as on a phone: the viewport's width, a phone's pixel ratio, touch.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE["width"], "height": PHONE["height"], "deviceScaleFactor": 3, "mobile": True})
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def pdf_text(data: bytes) -> str:
    """The text a PDF shows, read through its fonts' ToUnicode maps (Chromium writes glyph ids), with
    all white space removed: Chromium places glyphs one by one, so spaces are not reliable."""
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}

    def stream(body):
        m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if not m:
            return b""
        return zlib.decompressobj().decompress(m.group(1)) if b"/FlateDecode" in body else m.group(1)

    cmaps = {}
    for num, body in objs.items():
        ref = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if not ref:
            continue
        cmap, text = {}, stream(objs.get(int(ref.group(1)), b"")).decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                cmap[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    cmap[code] = chr(int(dst, 16) + i)
        cmaps[num] = cmap
    fonts = {}
    for body in objs.values():
        for group in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S):
            for name, ref in re.findall(rb"/(\w+) (\d+) 0 R", group):
                fonts[name.decode()] = cmaps.get(int(ref), {})
    out = []
    for body in objs.values():
        if b"stream" not in body or b"/ToUnicode" in body:
            continue
        content = stream(body).decode("latin-1")
        if " Tf" not in content:
            continue
        cmap = {}
        for tok in re.finditer(r"/(\w+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]+)>", content):
            if tok.group(1):
                cmap = fonts.get(tok.group(1), {})
            else:
                h = tok.group(2)
                out.append("".join(cmap.get(int(h[i:i + 4], 16), "") for i in range(0, len(h), 4)))
    return re.sub(r"\s+", "", "".join(out))


def squeeze(text):
    return re.sub(r"\s+", "", text)


def organization_names(driver, lang):
    driver.get(f"{BASE}/guide?lang={lang}")
    names = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "section.guide-organization h3")]
    assert len(names) >= 2, "the demo should approve two organisations' entries"
    return names


def test_guide_fits_a_phone_and_its_report_link_prefills_the_tip_form(phone):
    names = organization_names(phone, "ru")
    assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    assert "Союз Чёрного Тумана" in names
    shot(phone, "guide-01-phone-ru")
    # no horizontal scroll anywhere on the page
    widths = phone.execute_script(
        "return [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]")
    assert widths[2] == PHONE["width"], widths
    assert max(widths[0], widths[1]) <= widths[2], f"page wider than the phone: {widths}"
    wide = phone.execute_script("""
        const w = window.innerWidth;
        return [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > w + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5);""")
    assert wide == [], f"elements past the screen's edge: {wide}"
    assert phone.find_elements(By.TAG_NAME, "table") == []
    # example phrases are quoted and labelled
    examples = phone.find_elements(By.CSS_SELECTOR, ".guide-examples li")
    assert examples, "the demo's entries should quote example phrases"
    assert all(e.find_element(By.CSS_SELECTOR, ".example-label").text.lower().startswith("пример") for e in examples)
    assert all(e.find_elements(By.TAG_NAME, "q") for e in examples)
    # symbols come from the knowledge base's public image route and load
    images = phone.find_elements(By.CSS_SELECTOR, ".symbol-list img")
    assert images, "the demo's entries should show symbols"
    for img in images:
        assert "/knowledge/symbols/" in img.get_attribute("src")
        phone.execute_script("arguments[0].scrollIntoView()", img)
    phone.implicitly_wait(0)
    loaded = phone.execute_script(
        "return [...document.querySelectorAll('.symbol-list img')].map(i => i.complete && i.naturalWidth > 0)")
    assert all(loaded), loaded
    # the report link opens the tip form with the organisation chosen
    link = phone.find_element(By.CSS_SELECTOR, "section.guide-organization .guide-report a")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(link.get_attribute("href")).query)
    organization = query["organization"][0]
    phone.get(link.get_attribute("href"))
    assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ru"
    chosen = phone.find_element(By.CSS_SELECTOR, f"#tip-organization input[value='{organization}']")
    assert chosen.is_selected()
    widths = phone.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"tip form wider than the phone: {widths}"
    shot(phone, "guide-02-tip-form-phone")


def test_leaflet_prints_to_a_pdf_with_the_organisation_names(phone):
    names = organization_names(phone, "ky")
    phone.get(f"{BASE}/guide/leaflet?lang=ky")
    assert phone.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ky"
    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7  # A4, in centimetres
    printed = base64.b64decode(phone.print_page(options))
    assert printed.startswith(b"%PDF")
    text = pdf_text(printed)
    for name in names:
        assert squeeze(name) in text, f"{name} not in the printed leaflet"

    # the server's own PDF (headless Chromium behind /guide/leaflet.pdf), in Russian
    russian = organization_names(phone, "ru")
    with urllib.request.urlopen(f"{BASE}/guide/leaflet.pdf?lang=ru", timeout=120) as response:
        assert response.headers["Content-Type"].startswith("application/pdf")
        served = response.read()
    assert served.startswith(b"%PDF")
    text = pdf_text(served)
    for name in russian:
        assert squeeze(name) in text, f"{name} not in the served PDF"
    assert squeeze("Чем нельзя делиться никогда") in text
