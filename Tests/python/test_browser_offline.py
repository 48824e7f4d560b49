"""No network: every page loads only its own files, logs no console error, and works from file://."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

PAGES = [
    "index.html",
    "microsoftoutlook/oauth2/index.html",
    "github/oauth-app/index.html",
    "googlecalendar/oauth2/index.html",
    "microsoftoutlook/scopes/index.html",
    "github/scopes/index.html",
    "404.html",
]

RESOURCES_JS = "return performance.getEntriesByType('resource').map(e => e.name)"


def exercise(driver):
    """Uses the page a little, so lazily triggered requests (if any) would show up too."""
    for css in ("[data-guide-clear]", "[data-guide-select-all]", "[data-guide-copy-scopes]"):
        for el in driver.find_elements(By.CSS_SELECTOR, css):
            driver.execute_script("arguments[0].click()", el)
    for el in driver.find_elements(By.CSS_SELECTOR, "[data-index-search], [data-guide-action-search]"):
        el.send_keys("mail")


def assert_local(driver, origin_prefix: str, network_requests):
    """Both the page's view (Performance API) and the browser's (DevTools network events)."""
    entries = driver.execute_script(RESOURCES_JS)
    foreign = [e for e in entries if not e.startswith(origin_prefix)]
    assert foreign == [], f"resources from another origin: {foreign}"
    requested = network_requests(driver)
    assert requested, "no network events recorded: the check would be vacuous"
    foreign = [u for u in requested if not u.startswith(origin_prefix) and not u.startswith("data:")]
    assert foreign == [], f"requests that left the page's origin: {foreign}"
    return requested


# 404.html links its assets from the site root (/assets/…) because a server shows it at any
# path; it is only meaningful over HTTP, so it is checked there only.
@pytest.mark.parametrize("page", [p for p in PAGES if p != "404.html"])
def test_file_url_loads_only_local_files(page, site, browser, page_url, console_errors, network_requests):
    browser.get(page_url(site / page))
    exercise(browser)
    entries = assert_local(browser, "file://", network_requests)
    if page.endswith("oauth2/index.html") or page.endswith("oauth-app/index.html"):
        # The page's own stylesheet and script did load (the CSP lets `self` through on file://).
        assert any(e.endswith("/assets/style.css") for e in entries), entries
        assert any(e.endswith("/assets/scopeguide.js") for e in entries), entries
        ready = browser.find_element(By.CSS_SELECTOR, "[data-guide-scopes-selector]").get_attribute("data-guide-ready")
        assert ready is not None, "scopeguide.js did not run from file://"
    assert console_errors(browser) == []


@pytest.mark.parametrize("page", PAGES)
def test_http_loads_only_same_origin(page, served_site, browser, console_errors, network_requests):
    browser.get(f"{served_site}/{page}")
    exercise(browser)
    entries = assert_local(browser, served_site + "/", network_requests)
    assert any(e.endswith("/assets/style.css") for e in entries), entries
    # The browser itself asks for /favicon.ico on http(s); that 404 is not the page's doing.
    errors = [e for e in console_errors(browser) if "/favicon.ico " not in e["message"]]
    assert errors == []


def test_stylesheet_applies_from_file_url(site, browser, page_url):
    # A CSP that blocked the stylesheet would leave the browser defaults (serif body text).
    browser.get(page_url(site / "microsoftoutlook/oauth2/index.html"))
    assert browser.execute_script("return document.styleSheets.length") >= 1
    family = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "Times" not in family, family


def test_index_filter(site, browser, page_url):
    browser.get(page_url(site / "index.html"))
    search = browser.find_element(By.CSS_SELECTOR, "[data-index-search]")
    entries = browser.find_elements(By.CSS_SELECTOR, "[data-index-entry]")
    count = browser.find_element(By.CSS_SELECTOR, "[data-index-count]")
    empty = browser.find_element(By.CSS_SELECTOR, "[data-index-empty]")
    initial = count.text
    assert len(entries) == 4
    search.send_keys("mail.readwrite")  # by scope
    assert [e.is_displayed() for e in entries].count(True) == 1
    assert "Microsoft Outlook" in [e for e in entries if e.is_displayed()][0].text
    assert count.text.startswith("1 of 4 connectors")
    search.clear()
    search.send_keys("zzzz")
    assert not any(e.is_displayed() for e in entries)
    assert empty.is_displayed()
    browser.execute_script("arguments[0].value=''; arguments[0].dispatchEvent(new Event('input'))", search)
    assert all(e.is_displayed() for e in entries)
    assert not empty.is_displayed()
    assert count.text == initial
