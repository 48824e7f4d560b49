"""Interaction: what a person does on a guide page gives the state the contract promises."""
from __future__ import annotations

import urllib.parse

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = "https://guides.scopeguide.dev/microsoftoutlook/oauth2/"
ALL_SCOPES = ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite", "Mail.Send",
              "MailboxSettings.Read", "MailboxSettings.ReadWrite"]


@pytest.fixture
def outlook(site, browser, page_url):
    """Opens the Outlook guide (optionally with a query) and returns the driver."""
    def open_page(query: str = ""):
        browser.get(page_url(site / "microsoftoutlook/oauth2/index.html", query))
        assert browser.find_element(By.CSS_SELECTOR, "[data-guide-scopes-selector]").get_attribute("data-guide-ready") is not None
        return browser
    return open_page


def q(d, css):
    return d.find_element(By.CSS_SELECTOR, css)


def tap(el):
    """A real click, after centring the element (the sticky list header would cover it at the edge)."""
    el.parent.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", el)
    el.click()
    return el


def checkbox(d, action_id):
    return q(d, f'input[data-guide-action="{action_id}"]')


def scopes_text(d):
    return q(d, "[data-guide-scopes-output]").text


def url_value(d):
    return q(d, "[data-guide-url]").get_attribute("value")


def checked_ids(d):
    return d.execute_script(
        "return [...document.querySelectorAll('input[data-guide-action]')].filter(b => b.checked)"
        ".map(b => b.getAttribute('data-guide-action'))")


def conditional_steps_visible(d):
    return d.execute_script(
        "return [...document.querySelectorAll('[data-guide-step]')]"
        ".filter(s => s.getAttribute('data-guide-scopes') !== '' && s.checkVisibility()).length")


def test_full_guide_without_query(outlook):
    d = outlook()
    assert len(checked_ids(d)) == 39
    assert q(d, "[data-guide-selected-count]").text == "39"
    assert scopes_text(d) == " ".join(ALL_SCOPES)
    assert url_value(d) == BASE


def test_clicking_checkboxes_updates_everything(outlook, guide_state):
    d = outlook("actions=")
    assert scopes_text(d) == ""
    assert conditional_steps_visible(d) == 0
    tap(checkbox(d, "microsoftoutlook_send_mail"))
    assert scopes_text(d) == "Mail.Send"
    assert url_value(d) == BASE + "?actions=microsoftoutlook_send_mail"
    assert q(d, "[data-guide-selected-count]").text == "1"
    tap(checkbox(d, "microsoftoutlook_list_messages"))
    # Scopes come out in catalog order and ids in catalog order, whatever the click order.
    assert scopes_text(d) == "Mail.ReadBasic Mail.Send"
    assert url_value(d) == BASE + "?actions=microsoftoutlook_list_messages,microsoftoutlook_send_mail"
    state = guide_state(d)
    step = next(s for sec in state["sections"] for s in sec["steps"] if s["title"] == "Add Microsoft Graph Permissions")
    assert step["scopes"] == ["Mail.ReadBasic", "Mail.Send"]
    assert step["badge"] == "List Messages, Send Mail"
    tap(checkbox(d, "microsoftoutlook_send_mail"))
    assert scopes_text(d) == "Mail.ReadBasic"
    state = guide_state(d)
    step = next(s for sec in state["sections"] for s in sec["steps"] if s["title"] == "Add Microsoft Graph Permissions")
    assert step["scopes"] == ["Mail.ReadBasic"] and step["badge"] == "List Messages"


def test_keyboard_toggles_a_checkbox(outlook):
    d = outlook("actions=")
    box = checkbox(d, "microsoftoutlook_get_message")
    box.send_keys(Keys.SPACE)
    assert box.is_selected()
    assert scopes_text(d) == "Mail.ReadBasic"


def test_search_filters_rows_and_reports_no_match(outlook):
    d = outlook()
    search = q(d, "[data-guide-action-search]")
    visible_rows = lambda: d.execute_script(
        "return [...document.querySelectorAll('[data-guide-action-row]')].filter(r => r.checkVisibility())"
        ".map(r => r.querySelector('input').getAttribute('data-guide-action'))")
    search.send_keys("rule")
    rows = visible_rows()
    assert len(rows) == 5 and all("rule" in r for r in rows)
    assert not q(d, "[data-guide-no-results]").is_displayed()
    search.clear()
    search.send_keys("MAILBOXSETTINGS.READWRITE")  # by scope, case-insensitive
    assert sorted(visible_rows()) == sorted(["microsoftoutlook_create_message_rule",
                                             "microsoftoutlook_update_message_rule",
                                             "microsoftoutlook_delete_message_rule"])
    search.clear()
    search.send_keys("microsoftoutlook_send_draft")  # by id
    assert visible_rows() == ["microsoftoutlook_send_draft"]
    search.send_keys("zzz")
    assert visible_rows() == []
    no_results = q(d, "[data-guide-no-results]")
    assert no_results.is_displayed() and no_results.text == "No actions match your search."
    # Searching never changes the selection.
    assert len(checked_ids(d)) == 39
    search.send_keys(Keys.CONTROL, "a")
    search.send_keys(Keys.BACKSPACE)
    assert len(visible_rows()) == 39 and not no_results.is_displayed()


def test_clear_and_select_all(outlook):
    d = outlook("actions=microsoftoutlook_send_mail")
    tap(q(d, "[data-guide-clear]"))
    assert checked_ids(d) == []
    assert conditional_steps_visible(d) == 0
    assert scopes_text(d) == ""
    assert url_value(d).endswith("?actions=")
    assert url_value(d) == BASE + "?actions="
    assert q(d, "[data-guide-selected-count]").text == "0"
    tap(q(d, "[data-guide-select-all]"))
    assert len(checked_ids(d)) == 39
    assert url_value(d) == BASE
    assert scopes_text(d) == " ".join(ALL_SCOPES)
    assert conditional_steps_visible(d) == 1


def test_separator_choice(outlook):
    d = outlook("actions=microsoftoutlook_list_messages,microsoftoutlook_send_mail")
    select = Select(q(d, "[data-guide-scope-delimiter]"))
    expected = {"comma": ",", "semicolon": ";", "pipe": "|", "newline": "\n", "space": " "}
    for value, char in expected.items():
        select.select_by_value(value)
        assert q(d, "[data-guide-scopes-output]").get_attribute("textContent") == f"Mail.ReadBasic{char}Mail.Send"
        sep = "" if value == "space" else f"&sep={value}"
        assert url_value(d) == BASE + "?actions=microsoftoutlook_list_messages,microsoftoutlook_send_mail" + sep


def test_minimal_toggle(outlook):
    d = outlook("actions=microsoftoutlook_list_messages,microsoftoutlook_update_message")
    assert scopes_text(d) == "Mail.ReadBasic Mail.ReadWrite"
    minimal = q(d, "[data-guide-minimal]")
    tap(minimal)
    assert scopes_text(d) == "Mail.ReadWrite"
    # Minimal never changes which actions are covered (or the URL).
    assert checked_ids(d) == ["microsoftoutlook_list_messages", "microsoftoutlook_update_message"]
    assert url_value(d) == BASE + "?actions=microsoftoutlook_list_messages,microsoftoutlook_update_message"
    tap(minimal)
    assert scopes_text(d) == "Mail.ReadBasic Mail.ReadWrite"


def read_clipboard(d) -> str:
    return d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, (e) => done('ERROR: ' + e));")


def wait_copied(d, button, expected):
    WebDriverWait(d, 5).until(lambda _: button.get_attribute("data-copied") is not None)
    assert button.get_attribute("data-copied") == expected
    WebDriverWait(d, 5).until(lambda _: q(d, "[data-guide-status]").get_attribute("textContent").startswith("Copied"))


def test_copy_buttons(outlook):
    d = outlook("actions=microsoftoutlook_list_messages,microsoftoutlook_send_mail&sep=comma")
    copy_url = q(d, "[data-guide-copy-url]")
    tap(copy_url)
    expected_url = BASE + "?actions=microsoftoutlook_list_messages,microsoftoutlook_send_mail&sep=comma"
    wait_copied(d, copy_url, expected_url)
    assert read_clipboard(d) == expected_url

    copy_scopes = q(d, "[data-guide-copy-scopes]")
    tap(copy_scopes)
    wait_copied(d, copy_scopes, "Mail.ReadBasic,Mail.Send")
    assert read_clipboard(d) == "Mail.ReadBasic,Mail.Send"

    scope_button = q(d, '[data-guide-display-scope="Mail.Send"] button[data-copy]')
    tap(scope_button)
    wait_copied(d, scope_button, "Mail.Send")
    assert read_clipboard(d) == "Mail.Send"


def test_copy_fallback_without_clipboard_api(outlook):
    d = outlook("actions=microsoftoutlook_send_mail")
    # Simulate a browser without the async clipboard API: the textarea + execCommand path runs.
    d.execute_script("Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});")
    button = q(d, "[data-guide-copy-scopes]")
    tap(button)
    wait_copied(d, button, "Mail.Send")
    # The temporary copy textarea is gone (the grant check panel's own textarea stays).
    assert d.execute_script("return document.querySelectorAll('textarea:not([data-guide-grant-input])').length") == 0


def test_reload_keeps_selection(outlook):
    d = outlook()
    tap(q(d, "[data-guide-clear]"))
    tap(checkbox(d, "microsoftoutlook_get_message"))
    tap(checkbox(d, "microsoftoutlook_create_message_rule"))
    Select(q(d, "[data-guide-scope-delimiter]")).select_by_value("pipe")
    # The page's own URL follows a moment after the last change (replaceState is coalesced).
    expected = "actions=microsoftoutlook_get_message,microsoftoutlook_create_message_rule&sep=pipe"
    WebDriverWait(d, 5).until(lambda _: urllib.parse.urlsplit(d.current_url).query == expected)
    d.refresh()
    assert checked_ids(d) == ["microsoftoutlook_get_message", "microsoftoutlook_create_message_rule"]
    assert scopes_text(d) == "Mail.ReadBasic|MailboxSettings.ReadWrite"
    assert Select(q(d, "[data-guide-scope-delimiter]")).first_selected_option.get_attribute("value") == "pipe"
    # Selecting everything with the default separator leaves a clean URL.
    tap(q(d, "[data-guide-select-all]"))
    Select(q(d, "[data-guide-scope-delimiter]")).select_by_value("space")
    WebDriverWait(d, 5).until(lambda _: urllib.parse.urlsplit(d.current_url).query == "")
    assert d.current_url.endswith("/microsoftoutlook/oauth2/index.html")


def test_query_restores_state(outlook, guide_state):
    d = outlook("actions=microsoftoutlook_send_mail,microsoftoutlook_list_message_rules&sep=comma")
    assert checked_ids(d) == ["microsoftoutlook_send_mail", "microsoftoutlook_list_message_rules"]
    assert Select(q(d, "[data-guide-scope-delimiter]")).first_selected_option.get_attribute("value") == "comma"
    assert scopes_text(d) == "Mail.Send,MailboxSettings.Read"
    # Catalog order: send_mail comes before list_message_rules in the catalog.
    assert url_value(d) == BASE + "?actions=microsoftoutlook_send_mail,microsoftoutlook_list_message_rules&sep=comma"
    assert guide_state(d)["notice"] is None


def test_unknown_ids_are_reported(outlook, guide_state, console_errors):
    d = outlook("actions=nope,microsoftoutlook_send_mail,%E2%9C%93,nope,bad%ZZ&sep=bogus")
    notice = q(d, "[data-guide-notice]")
    assert notice.is_displayed()
    assert q(d, "[data-guide-notice-ids]").text == "nope, ✓, bad%ZZ"
    assert checked_ids(d) == ["microsoftoutlook_send_mail"]
    assert scopes_text(d) == "Mail.Send"
    assert url_value(d) == BASE + "?actions=microsoftoutlook_send_mail"
    assert console_errors(d) == []


def test_steps_renumber_contiguously(site, browser, page_url, guide_state):
    # GitHub's "Choose Scopes" section has several conditional steps: hiding some renumbers the rest.
    browser.get(page_url(site / "github/oauth-app/index.html", "actions="))
    before = guide_state(browser)
    boxes = browser.find_elements(By.CSS_SELECTOR, "input[data-guide-action]")
    tap(boxes[-1])
    after = guide_state(browser)
    for state in (before, after):
        for section in state["sections"]:
            assert [s["number"] for s in section["steps"]] == [str(i) for i in range(1, len(section["steps"]) + 1)]
    assert sum(len(s["steps"]) for s in after["sections"]) > sum(len(s["steps"]) for s in before["sections"])


def test_hidden_elements_are_not_rendered(outlook):
    # The `hidden` attribute must win over the stylesheet (e.g. a `display: flex` on a class).
    d = outlook("actions=microsoftoutlook_send_mail")
    leaking = d.execute_script(
        "return [...document.querySelectorAll('[hidden]')].filter(e => e.checkVisibility())"
        ".map(e => e.outerHTML.slice(0, 80))")
    assert leaking == []


def test_large_catalog_stays_consistent(big_site, browser, page_url):
    """1,000 actions: Clear, a few clicks and Select all keep count, scopes and URL right.
    Speed is measured by `make bench`, never asserted here."""
    browser.get(page_url(big_site / "bigconnector/oauth2/index.html"))
    state = browser.execute_script("""
      const boxes = [...document.querySelectorAll('input[data-guide-action]')];
      const read = () => ({
        count: document.querySelector('[data-guide-selected-count]').textContent,
        scopes: document.querySelector('[data-guide-scopes-output]').textContent,
        url: document.querySelector('[data-guide-url]').value });
      document.querySelector('[data-guide-clear]').click();
      const cleared = read();
      boxes[0].click(); boxes[999].click();
      const two = read();
      document.querySelector('[data-guide-select-all]').click();
      return {total: boxes.length, cleared, two, all: read(),
              ids: [boxes[0].dataset.guideAction, boxes[999].dataset.guideAction]};
    """)
    assert state["total"] == 1000
    assert state["cleared"]["count"] == "0" and state["cleared"]["scopes"] == ""
    assert state["cleared"]["url"].endswith("?actions=")
    assert state["two"]["count"] == "2"
    assert state["two"]["url"].endswith("?actions=" + ",".join(state["ids"]))
    assert state["all"]["count"] == "1000" and "?" not in state["all"]["url"]
