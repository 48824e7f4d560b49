"""`make dist`: the release archive unpacked into a temporary folder builds the site.

The archive is reused when one exists for the current commit and the sources are unmodified
(its BUILD file says so); otherwise `make dist` builds it (a release build: several minutes on a
fresh clone).
"""
from __future__ import annotations

import os
import pathlib
import platform
import re
import subprocess
import tarfile

import pytest

from conftest import REPO, tree_digest

VERSION = re.search(r'version: "([^"]+)"', (REPO / "Sources/scopeguide/ScopeGuideCommand.swift").read_text()).group(1)
NAME = f"scopeguide-{VERSION}-linux-{platform.machine()}"
ARCHIVE = REPO / "dist" / f"{NAME}.tar.gz"
SOURCES = ["Sources", "Package.swift", "Templates", "Content", "scripts/dist.sh"]


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout


def archive_is_current() -> bool:
    if not ARCHIVE.exists() or git("status", "--porcelain", "--", *SOURCES):
        return False
    with tarfile.open(ARCHIVE) as t:
        build = t.extractfile(f"{NAME}/BUILD").read().decode()
    return f"commit {git('rev-parse', 'HEAD').strip()}\nmodified no\n" in build


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> pathlib.Path:
    if not archive_is_current():
        r = subprocess.run(["make", "--no-print-directory", "dist"], cwd=REPO, capture_output=True, text=True, timeout=3600)
        assert r.returncode == 0, f"make dist failed:\n{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
        assert r.stdout.strip().endswith(f"dist/{NAME}.tar.gz")
    root = tmp_path_factory.mktemp("dist")
    with tarfile.open(ARCHIVE) as t:
        names = t.getnames()
        assert {n.split("/")[0] for n in names} == {NAME}, "one top-level folder"
        t.extractall(root, filter="data")
    return root / NAME


def needed_libraries(binary: pathlib.Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(binary)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def test_archive_layout(unpacked):
    binary = unpacked / "scopeguide"
    assert binary.is_file() and os.access(binary, os.X_OK)
    for path in ["Templates/layouts/layout.mustache", "Templates/steps", "Templates/assets/style.css",
                 "Content/site.yaml", "Content/connectors/microsoftoutlook/catalog.yaml", "README.md", "BUILD"]:
        assert (unpacked / path).exists(), path
    assert (unpacked / "BUILD").read_text().startswith(f"version {VERSION}\ncommit ")
    # Exactly the repository's Templates/ and Content/.
    assert tree_digest(unpacked / "Templates") == tree_digest(REPO / "Templates")
    assert tree_digest(unpacked / "Content") == tree_digest(REPO / "Content")


def test_swift_runtime_is_linked_in_and_the_readme_names_every_library(unpacked):
    binary = unpacked / "scopeguide"
    needed = needed_libraries(binary)
    assert needed, "a dynamically linked binary"
    assert not [lib for lib in needed if "swift" in lib.lower() or "Foundation" in lib or "dispatch" in lib.lower()]
    readme = (unpacked / "README.md").read_text()
    for lib in needed:
        if not re.match(r"lib(c|m|gcc_s|stdc\+\+)\.so|ld-linux", lib):
            assert f"`{lib}`" in readme, f"README.md does not name {lib}"
    for family in ["libcmark", "libyaml", "libxml2"]:
        assert family in readme
    # Every library resolves from the system alone, none from a Swift toolchain.
    ldd = subprocess.run(["ldd", str(binary)], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}).stdout
    assert "not found" not in ldd
    assert "swift" not in ldd.lower()


def run_unpacked(unpacked: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    # A bare environment: no toolchain on PATH, no LD_LIBRARY_PATH.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(unpacked), "LANG": "C.UTF-8"}
    return subprocess.run(["./scopeguide", *args], cwd=unpacked, env=env, capture_output=True, text=True, timeout=120)


def test_unpacked_archive_builds_the_site(unpacked, site):
    r = run_unpacked(unpacked, "--version")
    assert (r.returncode, r.stdout) == (0, f"{VERSION}\n"), r.stderr
    # The archive's starter content is the repository's Content/: as many connectors.
    n = sum(1 for p in (REPO / "Content" / "connectors").iterdir() if (p / "connector.yaml").is_file())
    r = run_unpacked(unpacked, "check")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"OK: {n} connectors, "), r.stdout
    # From its own folder, with the default Content/, Templates/ and Public/.
    r = run_unpacked(unpacked, "build")
    assert r.returncode == 0, r.stderr
    assert re.search(rf"^Built \d+ pages for {n} connectors in ", r.stdout, re.M), r.stdout
    public = unpacked / "Public"
    assert (public / "microsoftoutlook" / "oauth2" / "index.html").is_file()
    assert (public / "llms.txt").is_file()
    # The release binary writes the same bytes as the debug build of the same sources.
    assert tree_digest(public) == tree_digest(site)


def test_readme_run_instructions_hold(unpacked, tmp_path):
    # From another folder, naming the folders as the README says.
    out = tmp_path / "elsewhere-site"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    r = subprocess.run([str(unpacked / "scopeguide"), "build", "--quiet", "--content", str(unpacked / "Content"),
                        "--templates", str(unpacked / "Templates"), "--output", str(out)],
                       cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert (out / "index.html").is_file()
    # Without them, from another folder, it says what is missing instead of failing obscurely.
    r = subprocess.run([str(unpacked / "scopeguide"), "check"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1
    assert "content folder not found" in r.stderr
