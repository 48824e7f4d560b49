"""Checking an existing grant in the page, against `scopeguide grant` (docs/selection-rules.md,
"Checking a grant"), and the `admin-consent` condition of rule 2.

The content is the generated alternatives connector (alternatives_content.py): actions with
alternative scope sets over scopes with `includes` chains, some needing admin consent. Tokens
are made here, shaped like Entra ID access tokens (header, claims, a signature part).
"""
from __future__ import annotations

import base64
import json
import random
import subprocess
import urllib.parse

import pytest

from alternatives_content import SCOPES, write_content
from conftest import BINARY, REPO, scopeguide

NAMES = [s[0] for s in SCOPES]
CONSENT = {s[0] for s in SCOPES if s[2]}
IDS = [f"widgets_action_{i:02d}" for i in range(30)]

GRANT_STATE_JS = r"""
const q = (s) => document.querySelector(s);
const err = q('[data-guide-grant-error]'), result = q('[data-guide-grant-result]');
const items = (s, a) => [...document.querySelectorAll(s + ' li[' + a + ']')].map((li) => li.getAttribute(a));
return {
  error: err.hidden ? null : err.textContent,
  shown: !result.hidden,
  covered: items('[data-guide-grant-covered]', 'data-action'),
  missing: [...document.querySelectorAll('[data-guide-grant-missing] li[data-action]')]
    .map((li) => [li.getAttribute('data-action'), li.getAttribute('data-add')]),
  toAdd: q('[data-guide-grant-add-line]').hidden ? '' : q('[data-guide-grant-add]').textContent,
  unneeded: items('[data-guide-grant-unneeded]', 'data-scope'),
  unknown: q('[data-guide-grant-unknown-block]').hidden ? [] : items('[data-guide-grant-unknown]', 'data-scope'),
  summary: q('[data-guide-grant-summary]').textContent,
};
"""

PASTE_JS = r"""
const box = document.querySelector('[data-guide-grant-input]');
box.closest('details').open = true;
box.value = arguments[0];
box.dispatchEvent(new Event('change', {bubbles: true}));
"""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_token(claims: dict, header: dict | None = None) -> str:
    header = header or {"typ": "JWT", "alg": "RS256", "kid": "nOo3ZDrODXEK1jKWhXslHR_KXEg"}
    body = {"aud": "00000003-0000-0000-c000-000000000000", "iss": "https://sts.windows.net/t/",
            "iat": 1764806400, "exp": 1764810000, "tid": "72f988bf", "ver": "1.0", **claims}
    return ".".join([b64(json.dumps(header).encode()), b64(json.dumps(body).encode()),
                     b64(b"\x01\x02signature-not-checked")])


@pytest.fixture(scope="module")
def widgets(tmp_path_factory):
    root = tmp_path_factory.mktemp("grant")
    content = write_content(root / "content", 7, 30, False)
    site = root / "site"
    scopeguide("build", "--quiet", "--content", str(content), "--output", str(site))
    return content, site


def open_page(browser, widgets, ids):
    content, site = widgets
    args = ["widgets", "--content", str(content)] + ([] if ids is None else ["--actions", ",".join(ids)])
    query = urllib.parse.urlsplit(scopeguide("url", *args).strip()).query
    browser.get((site / "widgets" / "oauth2" / "index.html").resolve().as_uri() + ("?" + query if query else ""))


def paste(browser, text):
    browser.execute_script(PASTE_JS, text)
    return browser.execute_script(GRANT_STATE_JS)


def cli(widgets, ids, tmp_path, scopes=None, token=None):
    content, _ = widgets
    args = [str(BINARY), "grant", "widgets", "--content", str(content), "--format", "json"]
    if ids is not None:
        args += ["--actions", ",".join(ids)]
    if token is not None:
        path = tmp_path / "token.jwt"
        path.write_text(token)
        args += ["--token", str(path)]
    else:
        args += ["--scopes", scopes]
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=60)


def pairs():
    rng = random.Random(1717)
    out = []
    for i in range(36):
        ids = None if i % 9 == 0 else rng.sample(IDS, rng.randint(0 if i % 7 == 0 else 1, 12))
        granted = rng.sample(NAMES, rng.randint(0, 5))
        if rng.random() < 0.3:
            granted.append(rng.choice(["openid", "offline_access", "Unknown.Scope", "<b>x</b>"]))
        rng.shuffle(granted)
        kind = ["list", "scp", "roles", "scope-array"][i % 4]
        out.append((ids, granted, kind, rng))
    return out


PAIRS = pairs()


@pytest.mark.parametrize("case", range(len(PAIRS)))
def test_page_matches_cli(case, widgets, browser, tmp_path, console_errors):
    ids, granted, kind, rng = PAIRS[case]
    if kind == "list":
        seps = [" ", ",", ";", "|", "\n", ", ", " | "]
        text = "".join(name + rng.choice(seps) for name in granted) or "   "
        if not granted:  # nothing granted at all: the CLI still answers, the page asks for input
            text = ""
        result = cli(widgets, ids, tmp_path, scopes=text)
    else:
        claims = {"scp": " ".join(granted)} if kind == "scp" else \
            {"roles": granted} if kind == "roles" else {"scope": granted}
        text = make_token(claims)
        if rng.random() < 0.5:
            text = "Bearer " + text
        result = cli(widgets, ids, tmp_path, token=text)
    assert result.returncode in (0, 4), result.stderr
    expected = json.loads(result.stdout)
    assert (result.returncode == 0) == expected["coversAll"]
    open_page(browser, widgets, ids)
    state = paste(browser, text)
    if text == "":
        assert state["shown"] is False and state["error"] is None
        return
    assert state["error"] is None
    assert state["covered"] == expected["covered"]
    assert state["missing"] == [[m["id"], " ".join(m["add"])] for m in expected["missing"]]
    assert state["toAdd"] == " ".join(expected["toAdd"])
    assert state["unneeded"] == expected["unneeded"]
    assert state["unknown"] == expected["unknown"]
    assert console_errors(browser) == []


def test_pairs_exercise_every_outcome(widgets, tmp_path):
    outcomes = set()
    for ids, granted, kind, _ in PAIRS:
        r = cli(widgets, ids, tmp_path, scopes=" ".join(granted))
        data = json.loads(r.stdout)
        outcomes.add("covered" if data["coversAll"] else "missing")
        if data["unneeded"]:
            outcomes.add("unneeded")
        if data["unknown"]:
            outcomes.add("unknown")
    assert outcomes == {"covered", "missing", "unneeded", "unknown"}
    assert len(PAIRS) >= 30


BAD = [
    ("eyJhbGciOiJSUzI1NiJ9", "not a complete JWT"),
    ("eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOiJh", "not a complete JWT"),
    ("eyJ.a.b.c.d", "encrypted token"),
    ("eyJ!!.e30.x", "header is not valid base64url"),
    ("eyJhbGciOiJSUzI1NiJ9.e.x", "payload is not valid base64url"),
    ("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.x", "payload is not a JSON object"),
    ("eyJhbGciOiJSUzI1NiJ9.WzFd.x", "payload is not a JSON object"),
    ("eyJhbGciOiJSUzI1NiJ9.e30.x", "no scp, scope or roles claim"),
    ("Bearer eyJhbGci.e30.x", "header is not a JSON object"),
]


@pytest.mark.parametrize("text,message", BAD)
def test_bad_tokens_give_a_clear_message(text, message, widgets, browser, tmp_path, console_errors):
    open_page(browser, widgets, IDS[:3])
    state = paste(browser, text)
    assert message in state["error"]
    assert state["shown"] is False
    assert console_errors(browser) == []
    r = cli(widgets, IDS[:3], tmp_path, token=text)
    assert r.returncode == 1 and message in r.stderr


def test_wrong_claims_deep_json_and_huge_input(widgets, browser, console_errors):
    open_page(browser, widgets, IDS[:3])
    assert "scp claim is not a string" in paste(browser, make_token({"scp": 42}))["error"]
    assert "roles claim is not a string" in paste(browser, make_token({"roles": ["a", None]}))["error"]
    deep = "[" * 100 + "]" * 100
    token = b64(b'{"alg":"x"}') + "." + b64(('{"scp":"a","x":' + deep + "}").encode()) + ".s"
    assert "payload is not a JSON object" in paste(browser, token)["error"]
    bad_utf8 = b64(b'{"alg":"x"}') + "." + b64(b'{"\xff":1}') + ".s"
    assert "payload is not a JSON object" in paste(browser, bad_utf8)["error"]
    huge = "eyJ" + "A" * 1_048_576
    state = paste(browser, huge)
    assert "too long (1048579 characters; the limit is 65536)" in state["error"]
    assert "too long" in paste(browser, "Mail.Read " * 110_000)["error"]
    assert console_errors(browser) == []


def test_hostile_claims_stay_text(widgets, browser, tmp_path, console_errors):
    hostile = ['<img src=x onerror="window.__pwned=1">', "</code><script>window.__pwned=2</script>",
               "admin.read", "'\"&amp;"]
    token = make_token({"scp": hostile})  # a list whose strings hold separators: split as well
    open_page(browser, widgets, IDS[:5])
    state = paste(browser, token)
    assert state["error"] is None
    expected = json.loads(cli(widgets, IDS[:5], tmp_path, token=token).stdout)
    assert state["unknown"] == expected["unknown"]
    assert '<img' in state["unknown"] and "</code><script>window.__pwned=2</script>" in state["unknown"]
    panel = browser.find_element("css selector", "[data-guide-grant]")
    assert panel.find_elements("css selector", "img, script") == []
    assert browser.execute_script("return window.__pwned === undefined")
    assert console_errors(browser) == []


def test_token_stays_in_the_page(widgets, browser, network_requests):
    open_page(browser, widgets, IDS[:4])
    network_requests(browser)
    before = browser.current_url
    token = make_token({"scp": "admin.read files.read"})
    paste(browser, token)
    browser.find_element("css selector", "input[data-guide-action='widgets_action_05']").click()
    browser.execute_script("return new Promise((r) => setTimeout(r, 120))")
    assert token not in browser.current_url and "scp" not in browser.current_url
    assert browser.current_url != before or "actions=" in before  # the selection URL still updates
    storage = browser.execute_script(
        "return [localStorage.length, sessionStorage.length, document.cookie, history.state]")
    assert storage == [0, 0, "", None]
    assert token not in browser.find_element("css selector", "[data-guide-url]").get_attribute("value")
    assert [u for u in network_requests(browser) if not u.startswith("file:")] == []
    textarea = browser.find_element("css selector", "[data-guide-grant-input]")
    assert textarea.get_attribute("autocomplete") == "off" and textarea.get_dom_attribute("name") is None


def test_result_follows_the_selection(widgets, browser, tmp_path):
    open_page(browser, widgets, IDS[:2])
    paste(browser, "files.read mail.send")
    first = browser.execute_script(GRANT_STATE_JS)
    browser.find_element("css selector", "input[data-guide-action='widgets_action_10']").click()
    state = browser.execute_script(GRANT_STATE_JS)
    expected = json.loads(cli(widgets, IDS[:2] + ["widgets_action_10"], tmp_path, scopes="files.read mail.send").stdout)
    assert state["covered"] == expected["covered"]
    assert [m[0] for m in state["missing"]] == [m["id"] for m in expected["missing"]]
    assert first != state or expected["covered"] == IDS[:2] + ["widgets_action_10"]


# ---- Admin consent: markers and the `admin-consent` condition (rule 2) ----

def consent_step_visible(browser):
    return browser.execute_script("""
const st = [...document.querySelectorAll('[data-guide-step]')]
  .find((s) => s.querySelector('[data-guide-step-title]').textContent === 'Grant admin consent');
return st.getAttribute('data-guide-when') + ':' + st.checkVisibility();""")


def test_consent_condition_hides_and_shows_the_step(widgets, browser, tmp_path):
    content, _ = widgets
    needs, plain = None, None
    for action in IDS:
        r = scopeguide("scopes", "widgets", "--content", str(content), "--actions", action).split()
        if set(r) & CONSENT and needs is None:
            needs = action
        if r and not set(r) & CONSENT and plain is None:
            plain = action
    assert needs and plain
    for action, shown in ((needs, True), (plain, False)):
        open_page(browser, widgets, [action])
        assert consent_step_visible(browser) == f"admin-consent:{'true' if shown else 'false'}"
        out = tmp_path / f"{action}.html"
        scopeguide("render", "widgets", "--content", str(content), "--actions", action, "--output", str(out))
        assert ("Grant admin consent" in out.read_text()) == shown
    # Toggling in the page: add the consent action to the plain one and take it away again.
    open_page(browser, widgets, [plain])
    box = browser.find_element("css selector", f"input[data-guide-action='{needs}']")
    box.click()
    assert consent_step_visible(browser).endswith("true")
    box.click()
    assert consent_step_visible(browser).endswith("false")


def test_consent_markers_on_scope_lists(widgets, browser):
    open_page(browser, widgets, None)
    marked = browser.execute_script("""
return [...document.querySelectorAll('[data-guide-display-scope]')]
  .filter((li) => li.querySelector('.consent-badge'))
  .map((li) => li.getAttribute('data-guide-display-scope'));""")
    assert set(marked) == CONSENT
    badge = browser.find_element("css selector", "[data-guide-display-scope='admin.read'] .consent-badge")
    assert badge.get_attribute("textContent") == "Admin consent required"
    reasons = browser.execute_script("""
return [...document.querySelectorAll('[data-guide-scope-reasons-list] li')]
  .filter((li) => li.querySelector('.consent-badge')).map((li) => li.querySelector('code').textContent);""")
    shown = scopeguide("scopes", "widgets", "--content", str(widgets[0])).split()
    assert reasons == [s for s in shown if s in CONSENT]


def test_outlook_shows_no_consent_markers(site, browser):
    browser.get((site / "microsoftoutlook" / "oauth2" / "index.html").resolve().as_uri())
    assert browser.find_elements("css selector", ".consent-badge") == []
    assert browser.find_elements("css selector", "[data-guide-when]") == []
    # The reviewer page marks none either: Microsoft says none of the six needs admin consent.
    browser.get((site / "microsoftoutlook" / "scopes" / "index.html").resolve().as_uri())
    assert browser.find_elements("css selector", ".consent-badge") == []


def test_consent_markers_on_action_rows_follow_the_choice(widgets, browser):
    def rows():
        return browser.execute_script("""
return [...document.querySelectorAll('label.action-row')].map((r) => [
  r.querySelector('.action-row__scopes').textContent,
  r.querySelector('[data-guide-action-consent]').checkVisibility()]);""")
    for ids in (None, IDS[:6], []):
        open_page(browser, widgets, ids)
        seen = rows()
        assert len(seen) == 30
        for scopes, marked in seen:
            assert marked == bool(set(scopes.split()) & CONSENT), scopes
        browser.find_element("css selector", "[data-guide-strategy] option[value='fewest-scopes']").click()
        for scopes, marked in rows():
            assert marked == bool(set(scopes.split()) & CONSENT), scopes
