"""Reviewers in pull requests: `check --format github|json` and `diff --base REF` on the command line.

Each test works in a temporary folder holding a copy of one connector of Content/, run from
there so that paths print relative to it as they would from a repository root in CI.
"""
from __future__ import annotations

import json
import pathlib
import shutil
import subprocess

import pytest

from conftest import BINARY, REPO

TEMPLATES = str(REPO / "Templates")


def run(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess:
    assert BINARY.exists(), f"{BINARY} is missing: run `swift build --product scopeguide` (make test does)"
    return subprocess.run([str(BINARY), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def copy_github(root: pathlib.Path) -> pathlib.Path:
    """Content/ with the site settings and the `github` connector only."""
    content = root / "Content"
    (content / "connectors").mkdir(parents=True)
    shutil.copy(REPO / "Content" / "site.yaml", content / "site.yaml")
    shutil.copytree(REPO / "Content" / "connectors" / "github", content / "connectors" / "github")
    return content


def replace_once(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    path.write_text(text.replace(old, new))


@pytest.fixture
def broken(tmp_path) -> pathlib.Path:
    """Two planted errors: an unknown scope in the catalog, and an unknown variable whose name
    holds a comma and colons (kept as they are in a message, escaped only in properties)."""
    content = copy_github(tmp_path)
    github = content / "connectors" / "github"
    replace_once(github / "catalog.yaml", "requiredScopes: [public_repo]", "requiredScopes: [public_repo, nope]")
    replace_once(github / "guides" / "oauth-app" / "before-you-begin.md",
                 "You need a GitHub account", "Ask {{owner, admin: yes}} first. You need a GitHub account")
    return tmp_path


CATALOG_MESSAGE = "action 'github_star_repository' requires unknown scope 'nope' (not in scopeDefinitions)"
VARIABLE_MESSAGE = ("unknown template variable 'owner, admin: yes' (known: connectorName, connectorKey, provider, "
                    "redirectURI, platformName, authMethod, guideTitle, credentialFields)")


def test_check_github_annotations(broken):
    r = run("check", "--templates", TEMPLATES, "--format", "github", cwd=broken)
    assert r.returncode == 1, r.stderr
    assert r.stdout == (
        f"::error file=Content/connectors/github/catalog.yaml,line=56,col=35::{CATALOG_MESSAGE}\n"
        f"::error file=Content/connectors/github/guides/oauth-app/before-you-begin.md,line=3,col=1::{VARIABLE_MESSAGE}\n"
    )


def test_check_github_paths_are_relative_to_the_working_folder(broken):
    # An absolute --content below the working folder still gives repository-relative paths.
    r = run("check", "--content", str(broken / "Content"), "--templates", TEMPLATES, "--format", "github", cwd=broken)
    assert r.returncode == 1
    assert r.stdout.splitlines()[0].startswith("::error file=Content/connectors/github/catalog.yaml,line=56,col=35::")


def test_check_json(broken):
    r = run("check", "--templates", TEMPLATES, "--format", "json", cwd=broken)
    assert r.returncode == 1, r.stderr
    assert json.loads(r.stdout) == [
        {"severity": "error", "file": "Content/connectors/github/catalog.yaml", "line": 56, "column": 35,
         "message": CATALOG_MESSAGE},
        {"severity": "error", "file": "Content/connectors/github/guides/oauth-app/before-you-begin.md", "line": 3,
         "column": 1, "message": VARIABLE_MESSAGE},
    ]


def test_check_text_format_unchanged(broken):
    r = run("check", "--templates", TEMPLATES, cwd=broken)
    assert r.returncode == 1
    assert r.stdout == ""
    assert r.stderr == (f"Content/connectors/github/catalog.yaml:56:35: error: {CATALOG_MESSAGE}\n"
                        f"Content/connectors/github/guides/oauth-app/before-you-begin.md:3:1: error: {VARIABLE_MESSAGE}\n")


def test_check_formats_when_clean(tmp_path):
    copy_github(tmp_path)
    r = run("check", "--templates", TEMPLATES, "--format", "json", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, "[]\n"), r.stderr
    r = run("check", "--templates", TEMPLATES, "--format", "github", cwd=tmp_path)
    assert (r.returncode, r.stdout) == (0, ""), r.stderr
    assert r.stderr.startswith("OK: 1 connectors, 1 guides,")


def test_check_github_reports_a_template_error_with_content_errors(broken):
    templates = broken / "Templates"
    shutil.copytree(TEMPLATES, templates)
    layout = templates / "layouts" / "guide.mustache"
    layout.write_text("{{#unclosed}}\n" + layout.read_text())
    r = run("check", "--templates", str(templates), "--format", "github", cwd=broken)
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert len(lines) == 3
    assert lines[2].startswith("::error file=Templates/layouts/guide.mustache,line=")
    assert "template syntax" in lines[2]


# ---- diff --base on a temporary git repository with two commits ----

def git(repo: pathlib.Path, *args: str) -> str:
    r = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"git {args}: {r.stderr}"
    return r.stdout


@pytest.fixture
def repo(tmp_path) -> pathlib.Path:
    """A repository with Content/ (the github connector) and Templates/, one commit."""
    copy_github(tmp_path)
    shutil.copytree(TEMPLATES, tmp_path / "Templates")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def catalog(repo: pathlib.Path) -> pathlib.Path:
    return repo / "Content" / "connectors" / "github" / "catalog.yaml"


def test_diff_base_without_change_exits_0(repo):
    r = run("diff", "--base", "HEAD", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("<!-- scopeguide-diff -->\n## ScopeGuide: scope changes against `HEAD`\n\n"
                        "No selection of actions requires a new scope.\n\n"
                        "No changes to any connector's actions, scopes, guides or step visibility.\n")


def test_diff_base_privilege_increase_exits_3(repo):
    # Star Repository needed public_repo; now it needs repo, which grants more.
    replace_once(catalog(repo), "requiredScopes: [public_repo]", "requiredScopes: [repo]")
    git(repo, "commit", "-q", "-am", "second")
    r = run("diff", "--base", "HEAD~1", "--format", "markdown", cwd=repo)
    assert r.returncode == 3, r.stderr
    out = r.stdout
    assert out.startswith("<!-- scopeguide-diff -->\n## ScopeGuide: scope changes against `HEAD~1`\n\n"
                          "> **Security review needed:** some selections of actions now require scopes they did not "
                          "require before (`github`).\n\n")
    assert "| `github` | changed | +0 −0 | +0 −0 | 1 | 1 | 1 |\n" in out
    # A section without steps whose condition names repo is now shown for Star Repository.
    assert ("| `oauth-app` | Organization Access Restrictions (the section) | same condition, different actions need it; "
            "now shown for `github_star_repository` |\n") in out
    assert ("#### Selections that now need more (1)\n\n| Selection | Scopes before | Scopes now | New |\n"
            "| --- | --- | --- | --- |\n| `github_star_repository` | `public_repo` | `repo` | `repo` |\n") in out
    assert "| Star Repository | `github_star_repository` | `public_repo` | `repo` |\n" in out
    assert "- No longer required: `public_repo`\n" in out
    # Nothing was checked out: the working tree and HEAD are untouched.
    assert git(repo, "status", "--porcelain") == ""
    # The same as JSON.
    r = run("diff", "--base", "HEAD~1", "--format", "json", cwd=repo)
    assert r.returncode == 3
    data = json.loads(r.stdout)
    assert data["requiresNewScopes"] is True
    assert [c["key"] for c in data["connectors"]] == ["github"]
    assert data["connectors"][0]["diff"]["increases"] == [
        {"actions": ["github_star_repository"], "newActions": False, "scopesBefore": ["public_repo"], "scopesAfter": ["repo"],
         "newScopes": ["repo"]}]


def test_diff_base_narrowing_exits_0(repo):
    # The reverse: an action that needed repo now needs public_repo, which repo includes.
    text = catalog(repo).read_text()
    first = "  - id: github_list_repositories\n    label: List Repositories\n    requiredScopes: [repo]\n"
    assert first in text
    catalog(repo).write_text(text.replace(first, first.replace("[repo]", "[public_repo]")))
    git(repo, "commit", "-q", "-am", "second")
    r = run("diff", "--base", "HEAD~1", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert "| List Repositories | `github_list_repositories` | `repo` | `public_repo` |\n" in r.stdout
    assert "Selections that now need more" not in r.stdout


def test_diff_base_uncommitted_change_and_bad_revision(repo):
    # The working tree, not HEAD, is the new side.
    replace_once(catalog(repo), "requiredScopes: [public_repo]", "requiredScopes: [repo]")
    r = run("diff", "--base", "HEAD", cwd=repo)
    assert r.returncode == 3, r.stderr
    r = run("diff", "--base", "no-such-ref", cwd=repo)
    assert r.returncode == 1
    assert r.stderr == "error: no-such-ref: not a git revision\n"
    r = run("diff", "--base", "HEAD", "a", "b", cwd=repo)
    assert r.returncode == 64
