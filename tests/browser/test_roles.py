"""Every role, in every language, on a wide screen and on a phone (issue 14, "Done when").

For each of the nine demo roles in ky, ru and en, at 1400×1000 and 390×844:
- the home page is that role's worklist: `#home[data-role=ROLE]` holds `section.work` blocks, each with
  an `<h2>` and entries marked `[data-item]` or a `p.empty`, and at least one entry in all;
- no page reachable from the navigation, nor the first record and create form each links to, scrolls sideways
  (`scrollWidth <= clientWidth` of the document; wide tables scroll inside their own box);
- on a phone the header is one line and the menu opens from its button (no JavaScript needed);
- in ky and ru no translation key, placeholder or English interface word is left in the visible text.
And, as the analyst in each language on a phone, a bad submission on three forms comes back with the
translated error list (`#form-errors`) first in the form, focused and in view, each entry linking to its
marked field; signed out, the sign-in page and the public tip form fit a phone.

Every problem of a role and language is collected and reported together, so one run names them all.
Screenshots `home-ROLE-LANG-WIDTH.png` (and `form-errors-…`) in $SCREENSHOTS.
"""
import glob
import os
import re
import time

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from test_browser import BASE, SHOTS, login, submit

ROLES = ["admin", "analyst", "expert", "legal", "coordinator", "volunteer", "partner", "auditor", "provider"]
LANGUAGES = ["ky", "ru", "en"]
WIDE, PHONE = (1400, 1000), (390, 844)
# The phone header is the programme's name and the menu button on one line (it was 284 px with the menu open).
PHONE_HEADER_MAX = 72

# English interface words that must not appear in the Kyrgyz or Russian interface. Matched as whole words
# with their case; names that are the same in every language (Telegram, WhatsApp, SHA-256, WARC) are not here.
ENGLISH = [
    "Home", "Dashboard", "Menu", "Main menu", "Sign in", "Sign out", "Welcome", "Search", "Filter", "Apply",
    "Next", "Previous", "Page", "Save", "Cancel", "Submit", "Delete", "Edit", "Create", "Add", "Remove",
    "Approve", "Reject", "Download", "Copy", "Share", "Back", "Yes", "No", "None", "Unknown", "Total",
    "Status", "State", "Kind", "Region", "Regions", "Title", "Name", "Address", "Comment", "Date", "Created",
    "Updated", "Actions", "Action", "Details", "Language", "Notes", "Source", "Sources", "Case", "Cases",
    "Item", "Items", "Tip", "Tips", "Triage", "Triage queue", "Evidence", "Expert", "Court decision",
    "Block orders", "Block list", "Audit log", "Organisation", "Banned organisations", "Indicators",
    "Volunteer", "Volunteers", "Group", "Groups", "Members", "Training", "Trainings", "Materials",
    "Counter-materials", "Distributions", "Reports", "Users", "Account", "Role", "Shared", "Required",
    "Error", "Errors", "Please", "must", "invalid", "empty", "required", "should", "cannot", "awaiting",
    "assigned", "referred", "blocked", "lifted", "pending", "approved", "failing", "verified", "this week",
    "Serial", "Format", "Token", "Sites", "Accounts", "Website", "Other", "Unnamed", "My tips",
]
ENGLISH_RE = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(set(ENGLISH), key=len, reverse=True))
                        + r")(?![\w-])")
# A key of the tables left as text ("nav.cases", "a.b_c"), a placeholder ("{max}") or an internal code
# in brackets ("(empty)", "(invalid_url)").
TOKEN_RE = re.compile(r"(?<![\w/@.:-])[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+(?![\w/.-])")
UNDERSCORE_KEY_RE = re.compile(r"(?<![\w/@.:-])[a-z][a-z0-9]*\.[a-z0-9_.]*_[a-z0-9_.]*(?![\w/-])")
CODE_RE = re.compile(r"\{[a-z_]+\}|\((?:empty|[a-z]+_[a-z_]+)\)")


def _translation_keys():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "..", "..", "Sources", "App", "Translations")
    keys = set()
    for path in glob.glob(os.path.join(root, "**", "*.swift"), recursive=True):
        with open(path, encoding="utf-8") as f:
            keys.update(re.findall(r'^\s*"([a-z0-9_]+(?:\.[a-z0-9_]+)+)"\s*:', f.read(), re.M))
    return keys


KEYS = _translation_keys()
KEY_AREAS = {k.split(".", 1)[0] for k in KEYS}

# The visible text of the page in its own language: rendered text nodes (not code, pre, textarea, what is
# hidden from people and assistive tools alike such as the tip form's trap field for robots, nor parts
# marked with another language such as the language switch or quoted content), the visible
# controls' labels, placeholders, titles and options, and the document's title.
VISIBLE_TEXT_JS = """
const lang = document.documentElement.lang;
const out = [document.title];
const skip = 'script,style,code,pre,textarea,noscript,template,[aria-hidden=true]';
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const e = n.parentElement;
  if (!n.nodeValue.trim() || e.closest(skip)) continue;
  const marked = e.closest('[lang]');
  if (marked && marked.lang !== lang) continue;
  if (!e.checkVisibility({visibilityProperty: true})) continue;
  out.push(n.nodeValue);
}
for (const e of document.querySelectorAll('[placeholder],[title],[aria-label],img[alt],input[type=submit][value]')) {
  if (!e.checkVisibility() || e.closest(skip)) continue;
  for (const a of ['placeholder', 'title', 'aria-label', 'alt', 'value']) {
    if (e.hasAttribute(a) && (a !== 'value' || e.type === 'submit')) out.push(e.getAttribute(a));
  }
}
for (const s of document.querySelectorAll('select')) {
  if (s.checkVisibility()) for (const o of s.options) out.push(o.text);
}
return out.join('\\n');
"""

# The outermost elements that stick out past the right edge, or whose own text does (a long line in a
# <pre>), and are not inside a box that scrolls: named in the failure as what widens the page.
WIDE_ELEMENTS_JS = """
const w = document.documentElement.clientWidth, out = [];
const scrolls = e => { const s = getComputedStyle(e); return s.overflowX !== 'visible' && s.overflowX !== 'clip'; };
const ownText = e => [...e.childNodes].some(n => n.nodeType === 3 && n.nodeValue.trim());
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  const textOut = ownText(e) && !scrolls(e) && r.left + e.scrollWidth > w + 0.5;
  if ((r.right <= w + 0.5 || r.width === 0) && !textOut) continue;
  let p = e.parentElement, inside = false;
  for (; p && p !== document.body; p = p.parentElement) {
    if (scrolls(p) || p.getBoundingClientRect().right > w + 0.5) { inside = true; break; }
  }
  if (inside) continue;
  const cls = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
  const right = Math.max(r.right, textOut ? r.left + e.scrollWidth : 0);
  out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls + ' to ' + Math.round(right) + ' px');
  if (out.length === 4) break;
}
return out;
"""


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--lang=en-US", "--hide-scrollbars"):
        options.add_argument(arg)
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    d.implicitly_wait(0)
    yield d
    d.quit()


def resize(d, size):
    d.set_window_size(*size)
    # The viewport follows the window a moment later in headless Chromium.
    for _ in range(50):
        if d.execute_script("return innerWidth") == size[0]:
            return
        time.sleep(0.02)


def save(d, name):
    os.makedirs(SHOTS, exist_ok=True)
    d.save_screenshot(os.path.join(SHOTS, name + ".png"))


def path_of(d):
    url = d.current_url
    return url[len(BASE):] if url.startswith(BASE) else url


def sign_in(d, role, lang):
    d.delete_all_cookies()
    resize(d, WIDE)
    login(d, role)
    assert "/login" not in d.current_url, f"{role} could not sign in"
    if d.find_element(By.TAG_NAME, "html").get_attribute("lang") != lang:
        submit(d, d.find_element(By.CSS_SELECTOR, f"form.lang button[value={lang}]"))
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang


def untranslated(text):
    """What in `text` is left untranslated: keys, placeholders, internal codes, English interface words."""
    found = set(CODE_RE.findall(text))
    found.update(UNDERSCORE_KEY_RE.findall(text))
    found.update(t for t in TOKEN_RE.findall(text) if t in KEYS or t.split(".", 1)[0] in KEY_AREAS)
    return found


# The demo's invented records are written in English and say so ("Kara Tuman news site (demo)", "Demo Expert"):
# they are data, not interface, and their lines are left out of the English-word check.
DEMO_DATA_RE = re.compile(r"\bdemo\b|\bдемо\b", re.I)


def english(text):
    return {w for line in text.split("\n") if not DEMO_DATA_RE.search(line) for w in ENGLISH_RE.findall(line)}


def check_page(d, lang, problems, wide_only=False):
    """Sideways scrolling at the current width, error pages, and (wide) what is left untranslated."""
    here = path_of(d)
    if d.find_elements(By.CSS_SELECTOR, ".error-page"):
        problems.append(f"{here}: error page: {d.find_element(By.TAG_NAME, 'main').text[:120]!r}")
        return
    width, client = d.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width > client:
        what = ", ".join(d.execute_script(WIDE_ELEMENTS_JS))
        problems.append(f"{here} at {client} px scrolls sideways to {width} px ({what})")
    if wide_only:
        text = d.execute_script(VISIBLE_TEXT_JS)
        left = untranslated(text) | (english(text) if lang != "en" else set())
        if left:
            problems.append(f"{here}: untranslated in {lang}: {sorted(left)[:12]}")


def navigation(d):
    return [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "header nav a")]


# A record's own page ("/cases/12", "/items/5"), not a download or an action under it.
RECORD_PATH = re.compile(r"^/[a-z-]+/[A-Za-z0-9_-]+$")


def one_deeper(d, seen):
    """The first record the page lists and its first form for making one ("/materials/new"), if not seen."""
    found = []
    for kind in ("record", "new"):
        for a in d.find_elements(By.CSS_SELECTOR, "main a[href]"):
            href = a.get_attribute("href") or ""
            path = href[len(BASE):] if href.startswith(BASE) else ""
            if href in seen or not RECORD_PATH.match(path) or path.endswith("/new") != (kind == "new"):
                continue
            found.append(href)
            seen.add(href)
            break
    return found


def check_home(d, role, problems):
    homes = d.find_elements(By.CSS_SELECTOR, "#home")
    if not homes:
        problems.append("/: no #home")
        return
    if homes[0].get_attribute("data-role") != role:
        problems.append(f"/: #home data-role is {homes[0].get_attribute('data-role')!r}, not {role!r}")
    sections = d.find_elements(By.CSS_SELECTOR, "#home section.work")
    if not sections:
        problems.append("/: no section.work in #home")
    items = 0
    for s in sections:
        name = s.get_attribute("data-work") or "?"
        if not s.find_elements(By.CSS_SELECTOR, "h2"):
            problems.append(f"/: section.work[data-work={name}] has no h2")
        n = len(s.find_elements(By.CSS_SELECTOR, "[data-item]"))
        if n == 0 and not s.find_elements(By.CSS_SELECTOR, "p.empty"):
            problems.append(f"/: section.work[data-work={name}] has neither [data-item] nor p.empty")
        items += n
    if sections and items == 0:
        problems.append(f"/: no work listed for {role} (no [data-item] in any section.work)")


def check_phone_menu(d, problems):
    """On a phone the header is one line; the menu's entries show once its button is pressed."""
    header = d.find_element(By.CSS_SELECTOR, "header.top").rect["height"]
    if header > PHONE_HEADER_MAX:
        problems.append(f"/: the phone header is {header:.0f} px tall (at most {PHONE_HEADER_MAX})")
    buttons = [b for b in d.find_elements(By.CSS_SELECTOR, "header .menu-button, header summary") if b.is_displayed()]
    links = d.find_elements(By.CSS_SELECTOR, "header nav a")
    if not buttons or not links:
        problems.append("/: no menu button in the phone header (header .menu-button) and navigation to open")
        return
    if links[0].is_displayed():
        problems.append("/: the phone menu is open before its button is pressed")
    buttons[0].click()
    if not links[0].is_displayed():
        problems.append("/: the phone menu's entries do not show when its button is pressed")
    buttons[0].click()


def check_both_widths(d, lang, problems):
    """The page as loaded (wide, text included), then the same page narrowed to a phone: resizing
    lays it out again without a second request."""
    check_page(d, lang, problems, wide_only=True)
    resize(d, PHONE)
    try:
        check_page(d, lang, problems)
    finally:
        resize(d, WIDE)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_role_home_and_pages(driver, role, lang):
    d, problems = driver, []
    sign_in(d, role, lang)
    d.get(BASE + "/")
    check_home(d, role, problems)
    links = d.find_elements(By.CSS_SELECTOR, "header nav a")
    if links and not links[0].is_displayed():
        problems.append("/: the navigation is hidden on a wide screen")
    save(d, f"home-{role}-{lang}-{WIDE[0]}")
    resize(d, PHONE)
    try:
        check_phone_menu(d, problems)
        save(d, f"home-{role}-{lang}-{PHONE[0]}")
    finally:
        resize(d, WIDE)

    # Every page of the navigation, and the first record and create form each links to, at both widths.
    pages = [BASE + "/"] + [h for h in navigation(d) if h.rstrip("/") != BASE]
    walked = set(pages)
    for page in pages:
        d.get(page)
        check_both_widths(d, lang, problems)
        for deeper in one_deeper(d, walked):
            d.get(deeper)
            check_both_widths(d, lang, problems)
    assert not problems, f"{role} in {lang}:\n  " + "\n  ".join(problems)


# Three forms refused on purpose. Values that are wrong in a way only the server sees (the browser's
# own `required` checks are switched off, as a person with an old browser or a script would meet them).
FORMS = [
    ("case", "/cases/new", {"title": "", "target": "not a target at all", "evidence_url": "ftp://x"}),
    ("source", "/sources/new", {"kind": "website", "address": "not a web address"}),
    ("organization", "/organizations/new", {"name_en": "Fictional League " + "x" * 4000, "name_ky": "",
                                            "name_ru": ""}),
]

FORM_ERRORS_JS = """
const box = document.getElementById('form-errors');
if (!box) return null;
const form = box.closest('form');
let before = [];
if (form) for (let e = box.previousElementSibling; e; e = e.previousElementSibling) {
  if (!(e.tagName === 'INPUT' && e.type === 'hidden')) before.push(e.tagName.toLowerCase());
}
const r = box.getBoundingClientRect();
const links = [...box.querySelectorAll('li a[href^="#f-"]')].map(a => {
  const field = document.getElementById(a.getAttribute('href').slice(1));
  return {href: a.getAttribute('href'), text: a.textContent,
          marked: !!field && field.getAttribute('aria-invalid') === 'true' && !!field.closest('.field.invalid')};
});
return {inForm: !!form, before: before, focused: document.activeElement === box, role: box.getAttribute('role'),
        inView: r.top >= 0 && r.top < innerHeight, text: box.innerText, links: links,
        heading: box.firstElementChild && box.firstElementChild.tagName !== 'UL' ? box.firstElementChild.innerText : ''};
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_bad_submissions_show_errors_at_the_top(driver, lang):
    d, problems = driver, []
    sign_in(d, "analyst", lang)
    resize(d, PHONE)
    try:
        for name, path, values in FORMS:
            d.get(BASE + path)
            forms = d.find_elements(By.CSS_SELECTOR, "main form[method=post]")
            if d.find_elements(By.CSS_SELECTOR, ".error-page") or not forms:
                problems.append(f"{path}: no form")
                continue
            check_page(d, lang, problems)  # the empty form fits a phone
            form = max(forms, key=lambda f: len(f.find_elements(By.CSS_SELECTOR, "input,select,textarea")))
            d.execute_script("arguments[0].noValidate = true", form)
            for field, value in values.items():
                for control in form.find_elements(By.NAME, field):
                    # Set as a script would: past maxlength, any option.
                    d.execute_script("arguments[0].value = arguments[1]", control, value)
            buttons = form.find_elements(By.CSS_SELECTOR, "button[type=submit], input[type=submit]")
            if not buttons:
                problems.append(f"{path}: no submit button")
                continue
            try:
                submit(d, buttons[-1])
            except WebDriverException as error:
                problems.append(f"{path}: submitting failed: {error.__class__.__name__}")
                continue
            time.sleep(0.2)  # app.js moves the focus once the page has loaded
            box = d.execute_script(FORM_ERRORS_JS)
            save(d, f"form-errors-{name}-{lang}-{PHONE[0]}")
            if box is None:
                problems.append(f"{path}: a bad submission shows no #form-errors (now at {path_of(d)})")
                continue
            check_page(d, lang, problems)  # and so does the refused one
            if not box["inForm"] or box["before"]:
                problems.append(f"{path}: #form-errors is not the first thing in the form (after {box['before']})")
            if not box["focused"]:
                problems.append(f"{path}: #form-errors is not focused")
            if not box["inView"]:
                problems.append(f"{path}: #form-errors is not on screen")
            if box["role"] != "alert":
                problems.append(f"{path}: #form-errors has no role=alert")
            if not box["heading"].strip():
                problems.append(f"{path}: #form-errors has no heading")
            if not box["links"]:
                problems.append(f"{path}: #form-errors lists no <li><a href=#f-FIELD>")
            for link in box["links"]:
                if not link["marked"]:
                    problems.append(f"{path}: {link['href']} is not a field marked aria-invalid in .field.invalid")
            left = untranslated(box["text"]) | (english(box["text"]) if lang != "en" else set())
            if left:
                problems.append(f"{path}: untranslated in the errors ({lang}): {sorted(left)}")
    finally:
        resize(d, WIDE)
    assert not problems, f"forms in {lang}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_on_a_phone(driver, lang):
    """Signed out: the sign-in page and the public tip form fit a phone, with the language switch on screen."""
    d, problems = driver, []
    d.delete_all_cookies()
    resize(d, PHONE)
    try:
        for path in ("/login", "/tip"):
            d.get(BASE + path)
            if d.find_element(By.TAG_NAME, "html").get_attribute("lang") != lang:
                submit(d, d.find_element(By.CSS_SELECTOR, f"form.lang button[value={lang}]"))
            check_page(d, lang, problems)
            text = d.execute_script(VISIBLE_TEXT_JS)
            left = untranslated(text) | (english(text) if lang != "en" else set())
            if left:
                problems.append(f"{path}: untranslated in {lang}: {sorted(left)[:12]}")
        save(d, f"tip-{lang}-{PHONE[0]}")
    finally:
        resize(d, WIDE)
    assert not problems, f"signed out in {lang}:\n  " + "\n  ".join(problems)
