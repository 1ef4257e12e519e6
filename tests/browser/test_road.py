"""The programme's road in Chromium, as the three people who walk it.

analyst: the triage queue (highest priority first, the matched alias marked) → open a case from a
finding → the case holds the capture with its SHA-256 → start review → refer to the expert.
expert: the case is on their list → the captured item and its archived view (banner with capture
time and SHA-256, sandboxed frame) → an item of another case is a 404 → upload a conclusion and
record it. legal: submit to court → upload the decision and record it → mark blocked → the target
is on the block orders page → the case package is a zip.

Every step checks the case's state from `#case-state[data-state]`, so a refused step fails here
with the page's own error message. Screenshots: 10-… to 16-… in $SCREENSHOTS.
"""
import datetime
import os
import re
import tempfile
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from test_browser import BASE, browser, login, shot, submit  # noqa: F401 (browser is a fixture)

LEVELS = {"none": 0, "low": 1, "medium": 2, "high": 3}
SHA256 = re.compile(r"^[0-9a-f]{64}$")


def bishkek_today():
    """Court decisions are dated by Bishkek's calendar (UTC+6, no daylight saving): the server
    refuses a decision dated after its today or before the submission."""
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=6)).date().isoformat()


def pdf_file(label):
    """A small, valid PDF with unique bytes (a document may stand for one decision only)."""
    tag = uuid.uuid4().hex[:10]
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"% fictional demo document " + tag.encode() + b"\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
    path = os.path.join(tempfile.mkdtemp(prefix="kaiguul-road-"), f"{label}-{tag}.pdf")
    with open(path, "wb") as f:
        f.write(body)
    return path


def shot_page(driver, name, whole=True):
    """A wider window (the evidence table's digests are long); `whole`: the page below the fold too."""
    height = driver.execute_script("return document.documentElement.scrollHeight") if whole else 900
    driver.set_window_size(1440, max(1000, min(int(height) + 120, 8000)))
    try:
        shot(driver, name)
    finally:
        driver.set_window_size(1280, 900)


def absent(driver, css):
    """True when nothing matches `css` now (without the fixture's implicit wait)."""
    driver.implicitly_wait(0)
    try:
        return not driver.find_elements(By.CSS_SELECTOR, css)
    finally:
        driver.implicitly_wait(5)


def fetch(driver, path):
    """Requests `path` in the browser's own session (its cookies) and returns status, headers
    and the first bytes of the body."""
    return driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        fetch(arguments[0], {credentials: 'same-origin', redirect: 'manual'}).then(r =>
            r.arrayBuffer().then(b => done({
                status: r.status,
                type: r.headers.get('content-type') || '',
                csp: r.headers.get('content-security-policy') || '',
                size: b.byteLength,
                head: Array.from(new Uint8Array(b.slice(0, 4))),
                text: (r.headers.get('content-type') || '').startsWith('text/html')
                    ? new TextDecoder().decode(b) : '',
            }))
        ).catch(e => done({status: -1, error: String(e)}));
        """,
        path)


def logout(driver):
    submit(driver, driver.find_element(By.CSS_SELECTOR, ".who button[type=submit]"))
    assert "/login" in driver.current_url, "logout did not lead to the login page"


def state(driver):
    return driver.find_element(By.ID, "case-state").get_attribute("data-state")


def page_error(driver):
    """The refusal the case page shows (its alert, or the messages next to fields)."""
    driver.implicitly_wait(0)
    try:
        texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#case-error, p.error")]
    finally:
        driver.implicitly_wait(5)
    return " | ".join(t for t in texts if t) or "(no message on the page)"


def act(driver, case_id, kind, expected, fill=None):
    """Submits the case page's form for `kind` (after `fill(form)`) and checks the new state."""
    if f"/cases/{case_id}" not in driver.current_url:
        driver.get(f"{BASE}/cases/{case_id}")
    forms = driver.find_elements(By.ID, "action-" + kind)
    assert forms, f"case {case_id} in state {state(driver)!r} offers no #action-{kind} form"
    if fill:
        fill(forms[0])
    submit(driver, forms[0].find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert state(driver) == expected, f"{kind}: state {state(driver)!r}, expected {expected!r}: {page_error(driver)}"


def upload(driver, case_id, kind, path):
    driver.get(f"{BASE}/cases/{case_id}")
    form = driver.find_element(By.ID, "upload-form")
    Select(form.find_element(By.NAME, "kind")).select_by_value(kind)
    form.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(path)
    submit(driver, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    name = os.path.basename(path)
    documents = driver.find_element(By.ID, "documents").text
    assert name in documents, f"uploaded {name} is not in the case's documents: {page_error(driver)}"


def choose_document(form, path):
    """Picks the uploaded file in the form's document select, which must start on no document."""
    select = Select(form.find_element(By.NAME, "document_id"))
    assert select.first_selected_option.get_attribute("value") == "", "a document was chosen for the person"
    name = os.path.basename(path)
    option = next((o for o in select.options if o.text.startswith(name)), None)
    assert option is not None, f"{name} is not offered: {[o.text for o in select.options]}"
    select.select_by_value(option.get_attribute("value"))


def rows(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#triage-table tbody tr.finding")


def level(row):
    return row.find_element(By.CSS_SELECTOR, "[data-level]").get_attribute("data-level")


def open_case(driver, row, title, target):
    """Ticks `row` in the queue and opens a case on it; returns the new case's id."""
    row.find_element(By.CSS_SELECTOR, "input[type=checkbox][name='findings[]']").click()
    fieldset = driver.find_element(By.ID, "open-case")
    fieldset.find_element(By.NAME, "title").send_keys(title)
    target_field = fieldset.find_element(By.NAME, "target")
    target_field.clear()
    target_field.send_keys(target)
    organization = Select(fieldset.find_element(By.NAME, "case_organization_id"))
    named = row.text
    option = next((o for o in organization.options if o.get_attribute("value") and o.text in named), None)
    organization.select_by_value((option or organization.options[1]).get_attribute("value"))
    submit(driver, fieldset.find_element(By.CSS_SELECTOR, "button[value=open_case]"))
    found = re.search(r"/cases/(\d+)$", driver.current_url.split("#")[0])
    assert found, f"opening a case stayed on {driver.current_url}: {page_error(driver)}"
    assert state(driver) == "new"
    return int(found.group(1))


def test_road_from_finding_to_block_order(browser):  # noqa: F811 (the fixture)
    d = browser

    # ── analyst ──────────────────────────────────────────────────────────────────────────────
    login(d, "analyst")
    assert "/login" not in d.current_url, "analyst could not sign in"
    d.get(BASE + "/triage")
    queue = rows(d)
    assert queue, "the demo's triage queue is empty"
    levels = [LEVELS[level(r)] for r in queue]
    assert levels[0] == LEVELS["high"], f"first row is {level(queue[0])!r}, not high"
    assert levels == sorted(levels, reverse=True), f"queue not ordered by priority: {levels}"
    shot(d, "10-triage-queue")
    for name in LEVELS:
        listed = fetch(d, "/triage?priority=" + name)
        assert listed["status"] == 200, listed
        assert f'class="finding level-{name}"' in listed["text"], f"the demo's queue has no {name} finding"

    # The finding whose why is an organisation's name or alias: filter the queue by signal kind.
    form = d.find_element(By.ID, "triage-filters")
    Select(form.find_element(By.NAME, "signal_kind")).select_by_value("indicator")
    submit(d, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    queue = rows(d)
    assert queue, "no finding with an indicator signal in the queue"
    first = queue[0]
    assert level(first) == "high", f"first indicator finding is {level(first)!r}, not high"
    marks = first.find_elements(By.CSS_SELECTOR, ".excerpt mark")
    assert marks and all(m.text.strip() for m in marks), "the first indicator finding has no marked span"
    item_id = int(first.get_attribute("id").rsplit("-", 1)[1])
    url = first.find_element(By.CSS_SELECTOR, ".url code").text
    target = re.match(r"https?://([^/:]+)", url).group(1)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", first)
    shot(d, "10b-triage-alias-marked")

    case_id = open_case(d, first, "Road test: " + marks[0].text, target)
    assert d.find_element(By.ID, "case-target").text == target
    timeline = d.find_element(By.ID, "evidence-timeline")
    captures = timeline.find_elements(By.CSS_SELECTOR, "tr[data-kind=capture]")
    assert captures, "the new case holds no capture"
    archived_links = timeline.find_elements(By.CSS_SELECTOR, "a[data-rel=archived]")
    assert archived_links, "no capture of the case opens as an archived page"
    archived_row = archived_links[0].find_element(By.XPATH, "ancestor::tr")
    sha256 = archived_row.find_element(By.CSS_SELECTOR, ".hash").text.strip()
    assert SHA256.match(sha256), f"capture's SHA-256 shown as {sha256!r}"
    capture_path = archived_links[0].get_attribute("href").replace(BASE, "")
    item_links = [a.get_attribute("href") for a in timeline.find_elements(By.CSS_SELECTOR, "a[data-rel=item]")]
    assert f"{BASE}/items/{item_id}" in item_links, f"item {item_id} not in the case: {item_links}"
    shot_page(d, "11-case-evidence", whole=False)

    act(d, case_id, "start_review", "in_review")
    act(d, case_id, "refer_to_expert", "referred_to_expert",
        lambda f: Select(f.find_element(By.NAME, "expert_id")).select_by_visible_text("Demo Expert"))
    shot_page(d, "12-referred")

    # Another case, not referred to the expert, to try its item as the expert.
    d.get(BASE + "/triage")
    other = next(r for r in rows(d) if r.get_attribute("id") != f"finding-item-{item_id}"
                 and r.get_attribute("id").startswith("finding-item-"))
    other_item = int(other.get_attribute("id").rsplit("-", 1)[1])
    other_case = open_case(d, other, "Road test: another case", f"road-other-{uuid.uuid4().hex[:8]}.example")
    assert other_case != case_id
    logout(d)

    # ── expert ───────────────────────────────────────────────────────────────────────────────
    login(d, "expert")
    assert "/login" not in d.current_url, "expert could not sign in"
    d.get(BASE + "/cases")
    assert d.find_elements(By.CSS_SELECTOR, f"#cases-table a[href='/cases/{case_id}']"), \
        f"case {case_id} is not on the expert's case list"
    d.get(f"{BASE}/cases/{case_id}")
    assert state(d) == "referred_to_expert"

    submit(d, d.find_element(By.CSS_SELECTOR, f"#evidence-timeline a[href='/items/{item_id}']"))
    assert d.current_url.endswith(f"/items/{item_id}"), d.current_url
    assert sha256 in d.page_source, "the item page does not show its capture's SHA-256"
    submit(d, d.find_element(By.ID, "view-archived"))
    assert d.current_url.replace(BASE, "") == capture_path, f"{d.current_url} is not {capture_path}"
    banner = d.find_element(By.ID, "archived-banner")
    assert d.find_element(By.ID, "archived-sha256").text.strip() == sha256
    assert re.search(r"\d{4}-\d{2}-\d{2}", d.find_element(By.ID, "archived-time").text), banner.text
    frame = d.find_element(By.ID, "archived-frame")
    assert frame.get_attribute("sandbox") == "", "the archived page's frame is not sandboxed"
    content = frame.get_attribute("src").replace(BASE, "")
    assert content == capture_path + "/content", content
    served = fetch(d, content)
    assert served["status"] == 200, served
    assert "sandbox" in served["csp"], f"archived content served without CSP sandbox: {served}"
    d.switch_to.frame(frame)
    WebDriverWait(d, 10).until(lambda x: x.find_element(By.TAG_NAME, "body").text.strip())
    d.switch_to.default_content()
    shot(d, "13-archived-view")

    assert fetch(d, f"/items/{item_id}")["status"] == 200
    refused = fetch(d, f"/items/{other_item}")
    assert refused["status"] == 404, f"expert opened item {other_item} of case {other_case}: {refused}"
    d.get(f"{BASE}/items/{other_item}")
    assert absent(d, "#view-archived"), "the other case's item shows its capture"
    shot(d, "13b-other-item-404")

    conclusion = pdf_file("expert-conclusion")
    upload(d, case_id, "expert_conclusion", conclusion)

    def conclude(form):
        finding = Select(form.find_element(By.NAME, "finding"))
        assert finding.first_selected_option.get_attribute("value") == "", "a finding was chosen for the expert"
        finding.select_by_value("confirmed")
        choose_document(form, conclusion)
        form.find_element(By.NAME, "grounds").send_keys("Fictional demo conclusion: the texts call to join.")

    act(d, case_id, "record_expert_conclusion", "expert_confirmed", conclude)
    shot_page(d, "14-expert-confirmed")
    logout(d)

    # ── legal ────────────────────────────────────────────────────────────────────────────────
    login(d, "legal")
    assert "/login" not in d.current_url, "legal could not sign in"
    act(d, case_id, "submit_to_court", "submitted_to_court")
    decision = pdf_file("court-decision")
    upload(d, case_id, "court_decision", decision)

    def decide(form):
        Select(form.find_element(By.NAME, "outcome")).select_by_value("ordered")
        form.find_element(By.NAME, "court").send_keys("Demo District Court (fictional)")
        form.find_element(By.NAME, "number").send_keys("ROAD-" + uuid.uuid4().hex[:6].upper())
        d.execute_script("arguments[0].value = arguments[1]", form.find_element(By.NAME, "date"), bishkek_today())
        targets = form.find_element(By.NAME, "targets")
        targets.clear()
        targets.send_keys(target)
        choose_document(form, decision)

    act(d, case_id, "record_court_decision", "court_ordered", decide)
    shot_page(d, "15-court-ordered")
    act(d, case_id, "mark_blocked", "blocked")

    link = d.find_element(By.ID, "package-download").get_attribute("href").replace(BASE, "")
    package = fetch(d, link)
    assert package["status"] == 200, f"{link}: {package}"
    assert package["head"] == [0x50, 0x4B, 0x03, 0x04], f"{link} is not a zip: {package}"
    packet = fetch(d, f"/cases/{case_id}/court-packet?lang=ky")
    assert packet["status"] == 200, packet

    d.get(BASE + "/block-orders")
    orders = d.find_element(By.ID, "block-orders-table").text
    assert target in orders, f"{target} is not on the block orders page"
    shot_page(d, "16-blocked", whole=False)
    logout(d)
