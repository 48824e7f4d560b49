"""Rule 0 in the page: catalogs with alternative scope sets, both strategies.

The content is generated (alternatives_content.py, seeded): a `widgets` connector whose actions
accept one to four alternatives over scopes with `includes` chains, and a "hard" variant with
many open actions, where the search can stop at its budget. For each selection and strategy,
the page opened with `scopeguide url`'s query must show what `scopeguide render` writes and what
`scopeguide scopes` prints: steps, badges, the scope box, the URL, each selected action's
chosen scopes, why each scope is there, and whether the choice is proven.
"""
from __future__ import annotations

import json
import random
import subprocess
import urllib.parse

import pytest

from alternatives_content import catalog_yaml, write_content
from conftest import BINARY, scopeguide

STRATEGIES = ("least-privilege", "fewest-scopes")

# What the page shows of the choice, read the same way from the live and the rendered page.
CHOICE_STATE_JS = r"""
const vis = (el) => !!el && el.checkVisibility();
const rows = [...document.querySelectorAll('.action-row')].filter((r) => {
  const box = r.querySelector('input[data-guide-action]');
  return box ? box.checked : true;
}).map((r) => r.querySelector('.action-row__scopes').textContent);
const reasons = [...document.querySelectorAll('[data-guide-scope-reasons] li')].map((li) => li.textContent);
return {rows, reasons, unproven: vis(document.querySelector('[data-guide-unproven]'))};
"""


@pytest.fixture(scope="session")
def alt_sites(tmp_path_factory):
    """{'normal': (content, site), 'hard': (content, site)}."""
    root = tmp_path_factory.mktemp("alternatives")
    sites = {}
    for name, seed, actions, hard in (("normal", 7, 30, False), ("hard", 11, 60, True)):
        content = write_content(root / f"{name}-content", seed, actions, hard)
        site = root / f"{name}-site"
        scopeguide("build", "--quiet", "--content", str(content), "--output", str(site))
        sites[name] = (content, site)
    return sites


def _ids(seed: int, actions: int, hard: bool) -> list[str]:
    return [f"widgets_action_{i:02d}" for i in range(actions)]


def cases() -> list[tuple[str, list[str] | None, str]]:
    rng = random.Random(2024)
    out: list[tuple[str, list[str] | None, str]] = []
    for strategy in STRATEGIES:
        ids = _ids(7, 30, False)
        out += [("normal", None, strategy), ("normal", [], strategy)]
        out += [("normal", rng.sample(ids, rng.randint(1, len(ids))), strategy) for _ in range(22)]
        hard = _ids(11, 60, True)
        out += [("hard", None, strategy)]
        out += [("hard", rng.sample(hard, rng.randint(20, len(hard))), strategy) for _ in range(4)]
    return out


CASES = cases()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", range(len(CASES)), ids=lambda i: f"{CASES[i][0]}-{CASES[i][2]}-{i}")
def test_page_matches_cli(case, alt_sites, tmp_path, browser, guide_state):
    which, ids, strategy = CASES[case]
    content, site = alt_sites[which]
    args = ["widgets", "--content", str(content), "--strategy", strategy]
    if ids is not None:
        args += ["--actions", ",".join(ids)]
    url = scopeguide("url", *args).strip()
    query = urllib.parse.urlsplit(url).query
    assert ("grant=fewest" in query) == (strategy == "fewest-scopes")
    scopes = run("scopes", *args)
    assert scopes.returncode == 0, scopes.stderr
    rendered = tmp_path / "render.html"
    scopeguide("render", *args, "--output", str(rendered))

    browser.get((site / "widgets" / "oauth2" / "index.html").resolve().as_uri() + ("?" + query if query else ""))
    live, live_choice = guide_state(browser), browser.execute_script(CHOICE_STATE_JS)
    browser.get(rendered.resolve().as_uri())
    static, static_choice = guide_state(browser), browser.execute_script(CHOICE_STATE_JS)

    assert live["url"] == static["url"] == url
    assert live["scopes"] == static["scopes"] == scopes.stdout.rstrip("\n")
    assert live["sections"] == static["sections"]
    assert live_choice == static_choice
    # The CLI warns exactly when the page says the choice is not proven.
    assert live_choice["unproven"] == ("not proven minimal" in scopes.stderr)


def test_cases_cover_both_strategies_and_budget(alt_sites):
    assert len(CASES) >= 50
    assert {c[2] for c in CASES} == set(STRATEGIES)
    # The hard catalog really reaches the budget for some case (else the notice goes untested).
    content, _ = alt_sites["hard"]
    stopped = [c for c in CASES if c[0] == "hard"
               and "not proven minimal" in run("scopes", "widgets", "--content", str(content), "--strategy", c[2],
                                                 *([] if c[1] is None else ["--actions", ",".join(c[1])])).stderr]
    assert stopped, "no case of the hard catalog stops at the search budget"


def test_strategy_control_updates_page(alt_sites, browser, guide_state):
    content, site = alt_sites["normal"]
    ids = _ids(7, 30, False)[:12]
    base = ["widgets", "--content", str(content), "--actions", ",".join(ids)]
    query = urllib.parse.urlsplit(scopeguide("url", *base).strip()).query
    browser.get((site / "widgets" / "oauth2" / "index.html").resolve().as_uri() + "?" + query)
    least = guide_state(browser)["scopes"]
    assert least == scopeguide("scopes", *base).rstrip("\n")
    select = browser.find_element("css selector", "[data-guide-strategy]")
    select.find_element("css selector", "option[value='fewest-scopes']").click()
    state = guide_state(browser)
    assert state["scopes"] == scopeguide("scopes", *base, "--strategy", "fewest-scopes").rstrip("\n")
    assert state["url"] == scopeguide("url", *base, "--strategy", "fewest-scopes").strip()
    assert "grant=fewest" in state["url"]


def test_generated_catalog_has_alternatives():
    text = catalog_yaml(7, 30, False)
    assert text.count("anyOf:") >= 10


def test_check_warns_about_the_budget_in_every_format(alt_sites):
    """The hard catalog's select-all search stops at the budget: `check` says so as a warning
    (exit 0) in the text, JSON and GitHub formats alike."""
    content, _ = alt_sites["hard"]
    text = run("check", "--content", str(content))
    assert text.returncode == 0, text.stderr
    assert "warning: with every action selected" in text.stderr
    listed = run("check", "--content", str(content), "--format", "json")
    assert listed.returncode == 0, listed.stderr
    warnings = [d for d in json.loads(listed.stdout) if d["severity"] == "warning"]
    assert any("stops at the search budget" in d["message"] for d in warnings), listed.stdout
    github = run("check", "--content", str(content), "--format", "github")
    assert github.returncode == 0, github.stderr
    assert any(line.startswith("::warning file=") and "search budget" in line for line in github.stdout.splitlines())
