"""The bad-input suite (Tests/bad-input/*.case): each case breaks a small valid site in one
way and states the error `scopeguide check` must print (path:line:col: error: …), or `ok: true`
for big but valid input. Every case must end without a crash: exit code 1 with the message,
or 0 for the valid ones, and `build` must leave the previous output untouched."""
import os, re, shutil, signal, subprocess
from pathlib import Path

import pytest

from conftest import beside_output, tree_digest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".build" / "debug" / "scopeguide"
CASES = sorted((ROOT / "Tests" / "bad-input").glob("*.case"))

BASE = {
    "site.yaml": "title: Test site\nbaseURL: https://example.org\nplatform: Acme Connect\n"
                 "redirectURI: https://example.org/{{connectorKey}}/callback\n",
    "connectors/acme/connector.yaml": "name: Acme\nprovider: Acme ID\n",
    "connectors/acme/catalog.yaml": "scopeDefinitions:\n  - name: read\n  - name: write\n    includes: [read]\n"
                                    "actions:\n  - id: acme_read\n    label: Read\n    requiredScopes: [read]\n"
                                    "  - id: acme_write\n    label: Write\n    requiredScopes: [write]\n",
    "connectors/acme/guides/oauth2/guide.yaml": "title: Acme OAuth\nsections:\n  - steps.md\n",
    "connectors/acme/guides/oauth2/steps.md": "# Register\n\nIntro.\n\n## Open the console\n\nGo to {{redirectURI}}.\n\n"
                                              "## Grant\n\n```guide\nwhen: all\nscopes: all\nbadge: all\n```\n\nGrant them.\n",
}


def generate(kind):
    if kind == "deep-nesting":
        return ("scopeDefinitions: " + "[" * 100 + "]" * 100 + "\nactions: []\n").encode()
    if kind == "deep-block-nesting":
        return ("scopeDefinitions:\n  " + "- " * 100 + "x\nactions: []\n").encode()
    if kind == "huge-scalar":
        return ("scopeDefinitions: []\nactions: []\nx: '" + "a" * (9 << 20) + "'\n").encode()
    if kind == "large-markdown":
        para = "Some **bold** text, a [link](https://example.org) and `code`.\n\n"
        body = para * ((20 << 20) // len(para))
        return ("# Big\n\nIntro.\n\n## Only step\n\n" + body).encode()
    if kind == "many-actions":
        lines = ["scopeDefinitions:", "  - name: read", "  - name: write", "    includes: [read]", "actions:"]
        for i in range(100_000):
            lines += [f"  - id: acme_{i}", f"    label: Action {i}", f"    requiredScopes: [{'read' if i % 2 else 'write'}]"]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(kind)


def parse_case(path):
    """Header lines (`key: value`, `#` comments), then `--- <directive>` blocks."""
    text = path.read_text(encoding="utf-8")
    header, *blocks = re.split(r"^--- ", text, flags=re.M)
    meta = dict(line.split(": ", 1) for line in header.splitlines() if line and not line.startswith("#"))
    steps = []
    for block in blocks:
        directive, _, body = block.partition("\n")
        steps.append((directive.strip(), body))
    return meta, steps


def make_site(tmp, steps):
    content, templates = tmp / "Content", tmp / "Templates"
    shutil.copytree(ROOT / "Templates", templates)
    for rel, text in BASE.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text)
    for directive, body in steps:
        verb, _, arg = directive.partition(" ")
        if verb == "file":
            (content / arg).parent.mkdir(parents=True, exist_ok=True)
            (content / arg).write_text(body)
        elif verb == "template":
            (templates / arg).write_text(body)
        elif verb == "bytes":
            data = body.strip().encode().decode("unicode_escape").encode("latin-1")
            (content / arg).write_bytes(data)
        elif verb == "generate":
            rel, kind = arg.split(" ")
            (content / rel).write_bytes(generate(kind))
        elif verb == "rename-connector":
            (content / "connectors" / "acme").rename(content / "connectors" / arg)
        elif verb == "symlink":
            link, target = arg.split(" -> ")
            (content / link).symlink_to(target)
        else:
            raise ValueError(f"{directive}: unknown directive")
    return content, templates


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_bad_input(case, tmp_path):
    assert BIN.exists(), f"{BIN} is missing: run `swift build` (make test does)"
    meta, steps = parse_case(case)
    content, templates = make_site(tmp_path, steps)
    check = subprocess.run([BIN, "check", "--content", content, "--templates", templates],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode >= 0, f"crashed with signal {-check.returncode}: {check.stderr[-2000:]}"
    if meta.get("ok") == "true":
        assert check.returncode == 0, check.stderr[-2000:]
        return
    assert check.returncode == 1, f"expected exit 1, got {check.returncode}\n{check.stdout}{check.stderr}"
    assert meta["expect"] in check.stderr, f"expected {meta['expect']!r} in:\n{check.stderr}"
    assert "Fatal error" not in check.stderr

    # A failing build leaves the previous site exactly as it was.
    out = tmp_path / "Public"
    (out / "marker.html").parent.mkdir(parents=True)
    (out / "marker.html").write_text("previous site")
    before = tree_digest(out)
    build = subprocess.run([BIN, "build", "--content", content, "--templates", templates, "--output", out],
                           capture_output=True, text=True, timeout=120)
    assert build.returncode == 1
    assert tree_digest(out) == before
    # Nothing beside it but the lock and the spare folder: no manifest that would make the next
    # build trust a half-written spare, and no manifest for an output this build did not write.
    assert set(beside_output(out)) <= {".Public.lock", ".Public.previous"}, beside_output(out)
