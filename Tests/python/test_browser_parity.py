"""Parity: the page's script and the Swift engine apply the selection contract identically.

For each selection, `scopeguide url` gives the dynamic guide URL; the built page opened with
that URL's query must show exactly what `scopeguide render` writes for the same selection:
sections, step numbers and titles, per-step scopes, badges, the scope box and the URL.
"""
from __future__ import annotations

import json
import random
import urllib.parse

import pytest

from conftest import scopeguide

CONNECTORS = {"microsoftoutlook": "oauth2", "github": "oauth-app", "googlecalendar": "oauth2"}


def selections() -> list[tuple[str, list[str] | None, str]]:
    """(connector, ids or None for all, separator) — seeded, so every run checks the same set."""
    rng = random.Random(1234)
    out: list[tuple[str, list[str] | None, str]] = []
    ids = _ids_from_content("microsoftoutlook")
    out += [("microsoftoutlook", None, "space"), ("microsoftoutlook", [], "space"),
            ("microsoftoutlook", [ids[0]], "space"), ("microsoftoutlook", [ids[-1]], "space"),
            ("microsoftoutlook", list(ids), "space")]
    for _ in range(52):
        k = rng.randint(1, len(ids) - 1)
        picked = rng.sample(ids, k)  # random order: the URL must come back in catalog order
        out.append(("microsoftoutlook", picked, "space"))
    for connector in ("github", "googlecalendar"):
        cids = _ids_from_content(connector)
        out += [(connector, None, "space"), (connector, [], "space")]
        for _ in range(8):
            out.append((connector, rng.sample(cids, rng.randint(1, len(cids))), "space"))
    for sep in ("comma", "semicolon", "pipe", "newline"):
        out.append(("microsoftoutlook", rng.sample(ids, rng.randint(1, len(ids))), sep))
    out.append(("microsoftoutlook", None, "comma"))
    out.append(("github", [], "comma"))
    return out


def _ids_from_content(connector: str) -> list[str]:
    # Read the ids through the tool itself (table output is for humans; catalog.json is exact).
    out = scopeguide("table", connector, "--format", "json")
    data = json.loads(out)
    actions = data.get("actions") if isinstance(data, dict) else None
    assert actions, f"unexpected `scopeguide table --format json` output for {connector}"
    return [a["id"] for a in actions]


def _cli_selection(ids: list[str] | None, sep: str) -> list[str]:
    args = [] if ids is None else ["--actions", ",".join(ids)]
    if sep != "space":
        args += ["--separator", sep]
    return args


CASES = selections()


@pytest.mark.parametrize("case", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{i}")
def test_page_matches_render(case, site, tmp_path, browser, guide_state):
    connector, ids, sep = CASES[case]
    guide = CONNECTORS[connector]
    args = _cli_selection(ids, sep)
    url = scopeguide("url", connector, *args).strip()
    assert url.startswith("https://"), url
    query = urllib.parse.urlsplit(url).query

    if ids is None:
        assert "actions" not in query
    if sep != "space":
        assert f"sep={sep}" in query

    rendered = tmp_path / "render.html"
    scopeguide("render", connector, *args, "--output", str(rendered))

    page = site / connector / guide / "index.html"
    browser.get(page.resolve().as_uri() + ("?" + query if query else ""))
    live = guide_state(browser)
    browser.get(rendered.resolve().as_uri())
    static = guide_state(browser)

    assert live["url"] == url
    assert static["url"] == url
    assert live["scopes"] == static["scopes"]
    assert live["sections"] == static["sections"]
    assert live["notice"] is None
    # Numbers are contiguous from 1 in every section.
    for section in live["sections"]:
        assert [s["number"] for s in section["steps"]] == [str(n) for n in range(1, len(section["steps"]) + 1)]


@pytest.mark.parametrize("picked", [
    ["microsoftoutlook_list_messages", "microsoftoutlook_update_message"],
    ["microsoftoutlook_list_message_rules", "microsoftoutlook_create_message_rule", "microsoftoutlook_send_mail"],
    None,
])
def test_minimal_scopes_match_render(picked, site, tmp_path, browser, guide_state):
    args = [] if picked is None else ["--actions", ",".join(picked)]
    rendered = tmp_path / "render.html"
    scopeguide("render", "microsoftoutlook", *args, "--minimal", "--output", str(rendered))
    url = scopeguide("url", "microsoftoutlook", *args).strip()
    query = urllib.parse.urlsplit(url).query
    browser.get((site / "microsoftoutlook/oauth2/index.html").resolve().as_uri() + ("?" + query if query else ""))
    browser.find_element("css selector", "[data-guide-minimal]").click()
    live = guide_state(browser)
    browser.get(rendered.resolve().as_uri())
    static = guide_state(browser)
    assert live["scopes"] == static["scopes"]
    assert live["sections"] == static["sections"]
    assert live["url"] == static["url"] == url


def test_enough_cases():
    outlook = [c for c in CASES if c[0] == "microsoftoutlook" and c[1] not in (None, [])]
    assert len(outlook) >= 50
    assert any(c[1] is None for c in CASES) and any(c[1] == [] for c in CASES)
    assert any(c[1] is not None and len(c[1]) == 1 for c in CASES)
