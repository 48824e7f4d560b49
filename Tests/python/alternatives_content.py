"""Generated content with alternative scope sets, for the browser and CLI tests of rule 0.

`write_catalog(folder, seed, actions, hard)` copies Tests/fixtures/alternatives (a connector
`widgets` with a guide whose steps depend on its scopes) and writes a seeded random catalog:
each action needs one to four alternatives of one or two scopes over a scope list with
`includes` chains. `hard=True` makes many open actions, so the search can reach its budget.
"""
from __future__ import annotations

import json
import pathlib
import random
import shutil

FIXTURE = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "alternatives"

# (name, includes, adminConsent) in display order.
SCOPES = [
    ("files.read.basic", [], None),
    ("files.read", ["files.read.basic"], None),
    ("files.write", ["files.read"], None),
    ("mail.read", [], None),
    ("mail.send", [], None),
    ("mail.all", ["mail.read", "mail.send"], None),
    ("calendar.read", [], None),
    ("calendar.write", ["calendar.read"], None),
    ("user.profile", [], None),
    ("admin.read", [], True),
    ("admin.all", ["admin.read", "files.write", "mail.all"], True),
    ("https://widgets.test/auth/full", ["admin.all", "calendar.write"], True),
]


def catalog_yaml(seed: int, actions: int = 30, hard: bool = False) -> str:
    rng = random.Random(seed)
    names = [s[0] for s in SCOPES]
    lines = ["scopeDefinitions:"]
    for name, includes, consent in SCOPES:
        lines.append(f"  - name: {json.dumps(name)}")
        lines.append(f"    description: {json.dumps('Test scope ' + name)}")
        if includes:
            lines.append(f"    includes: {json.dumps(includes)}")
        if consent is not None:
            lines.append(f"    adminConsent: {'true' if consent else 'false'}")
    lines.append("actions:")
    for i in range(actions):
        count = rng.randint(3, 5) if hard else rng.choice([1, 1, 2, 2, 3, 4])
        alternatives: list[list[str]] = []
        while len(alternatives) < count:
            alt = sorted(rng.sample(names, rng.choice([1, 1, 2])), key=names.index)
            if set(alt) not in [set(a) for a in alternatives]:
                alternatives.append(alt)
        lines.append(f"  - id: widgets_action_{i:02d}")
        verb = rng.choice(["List", "Get", "Send", "Update"])
        lines.append(f"    label: {json.dumps(f'{verb} Widget {i:02d}')}")
        if len(alternatives) == 1:
            lines.append(f"    requiredScopes: {json.dumps(alternatives[0])}")
        else:
            lines.append("    requiredScopes:")
            lines.append("      anyOf:")
            for alt in alternatives:
                lines.append(f"        - {json.dumps(alt)}")
    return "\n".join(lines) + "\n"


def write_content(folder: pathlib.Path, seed: int, actions: int = 30, hard: bool = False) -> pathlib.Path:
    """A content folder (site.yaml + connectors/widgets) with a generated catalog."""
    shutil.copytree(FIXTURE, folder)
    (folder / "connectors" / "widgets" / "catalog.yaml").write_text(catalog_yaml(seed, actions, hard))
    return folder
