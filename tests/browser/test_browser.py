"""A person at a real browser: sign in, switch to Kyrgyz, register a source, see it, sign out.

Runs against a live `kaiguul demo` (see scripts/browser-test.sh) with Debian's Chromium and
chromedriver, driven by Selenium. No JavaScript is needed by the pages; the browser submits real
forms, so CSRF tokens, cookies and redirects are exercised as they are for people.
"""
import os
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ.get("KAIGUUL_URL", "http://127.0.0.1:8080")
SHOTS = os.environ.get("SCREENSHOTS", ".build/screenshots")
DEMO_PASSWORD = "kaiguul-demo"


@pytest.fixture()
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--lang=en-US"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def submit(driver, button):
    """Clicks a submit button and waits until the browser shows the next page.

    Compares the document's root element before and after; while the page is changing,
    chromedriver may answer with errors of any kind, which only mean "not yet".
    """
    before = driver.find_element(By.TAG_NAME, "html").id
    button.click()

    def next_page(d):
        try:
            return d.find_element(By.TAG_NAME, "html").id != before
        except WebDriverException:
            return False

    WebDriverWait(driver, 15, ignored_exceptions=(WebDriverException,)).until(next_page)


def login(driver, username):
    driver.get(BASE + "/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(DEMO_PASSWORD)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "#login-form button[type=submit]"))


def test_login_kyrgyz_create_source_logout(browser):
    login(browser, "analyst")
    assert "/login" not in browser.current_url, "login failed"
    shot(browser, "01-dashboard")

    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.lang button[value=ky]"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "ky"
    assert "Булактар" in browser.page_source
    shot(browser, "02-dashboard-ky")

    handle = "kaiguul_browser_" + uuid.uuid4().hex[:8]
    browser.get(BASE + "/sources/new")
    Select(browser.find_element(By.NAME, "kind")).select_by_value("telegram")
    browser.find_element(By.NAME, "address").send_keys("https://t.me/" + handle)
    browser.find_element(By.NAME, "title").send_keys("Сыноо каналы " + handle)
    Select(browser.find_element(By.NAME, "region_id")).select_by_index(1)
    shot(browser, "03-new-source-ky")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#source-form button[type=submit]"))
    assert "/sources/" in browser.current_url
    assert "telegram:" + handle in browser.page_source

    browser.get(BASE + "/sources")
    rows = browser.find_element(By.ID, "sources-table").text
    assert "Сыноо каналы " + handle in rows
    shot(browser, "04-sources-ky")

    # The same channel typed another way is refused with a pointer to the first.
    browser.get(BASE + "/sources/new")
    Select(browser.find_element(By.NAME, "kind")).select_by_value("telegram")
    browser.find_element(By.NAME, "address").send_keys("@" + handle)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#source-form button[type=submit]"))
    assert browser.find_element(By.ID, "duplicate").is_displayed()
    shot(browser, "05-duplicate-ky")

    submit(browser, browser.find_element(By.CSS_SELECTOR, ".who button[type=submit]"))
    assert "/login" in browser.current_url
    browser.get(BASE + "/sources")
    assert "/login" in browser.current_url, "still signed in after logout"
    shot(browser, "06-logged-out")


def test_hostile_name_is_shown_as_text(browser):
    login(browser, "analyst")
    browser.get(BASE + "/organizations/new")
    name = "<img src=x onerror=alert(1)> Demo " + uuid.uuid4().hex[:6]
    browser.find_element(By.NAME, "name_en").send_keys(name)
    Select(browser.find_element(By.NAME, "designation")).select_by_value("extremist")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]"))
    assert browser.find_element(By.TAG_NAME, "h1").text in (name, name.strip())
    assert not browser.find_elements(By.CSS_SELECTOR, "main img")


def test_public_tip_without_login(browser):
    browser.get(BASE + "/tip")
    browser.find_element(By.NAME, "urls").send_keys("https://fictional-propaganda.example/post/1")
    browser.find_element(By.NAME, "comment").send_keys("<b>not bold</b> — invented slogans")
    # The honeypot is invisible to a person.
    assert not browser.find_element(By.NAME, "website").is_displayed()
    shot(browser, "07-public-tip")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#tip-form button[type=submit]"))
    assert browser.find_element(By.ID, "tip-received").is_displayed()
    shot(browser, "08-public-tip-received")

    login(browser, "analyst")
    browser.get(BASE + "/tips")
    table = browser.find_element(By.ID, "tips-table").text
    assert "fictional-propaganda.example" in table
    assert "<b>not bold</b>" in table
    assert not browser.find_elements(By.CSS_SELECTOR, "#tips-table b")


def test_period_report_in_kyrgyz(browser):
    login(browser, "analyst")
    browser.get(BASE + "/reports?from=2021-01-01&to=2021-09-30&lang=ky")
    narrative = browser.find_element(By.ID, "narrative").text
    assert "63 сайт жана 20 аккаунт" in narrative
    assert "38 сайт" in narrative
    assert browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    shot(browser, "09-report-ky")
