"""Atomic, lossless output: a build killed at any moment leaves the old or the new complete
site, two concurrent builds do not corrupt it, and bad output paths give clear errors."""
import os, random, shutil, signal, subprocess, time
from pathlib import Path

import pytest

from conftest import tree_digest

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".build" / "debug" / "scopeguide"


def build(content, out, check=True):
    return subprocess.run([BIN, "build", "--quiet", "--content", content, "--output", out],
                          capture_output=True, text=True, check=check, cwd=ROOT)


@pytest.fixture(scope="module")
def big_content(tmp_path_factory):
    """60 copies of the Outlook connector, so that a build takes long enough to be interrupted."""
    assert BIN.exists(), f"{BIN} is missing: run `swift build` (make test does)"
    base = tmp_path_factory.mktemp("atomic")
    content = base / "Content"
    (content / "connectors").mkdir(parents=True)
    shutil.copy(ROOT / "Content" / "site.yaml", content / "site.yaml")
    for i in range(60):
        shutil.copytree(ROOT / "Content" / "connectors" / "microsoftoutlook", content / "connectors" / f"c{i:03d}")
    return content


def test_kill_at_random_moments_leaves_old_or_new_site(big_content, tmp_path):
    out = tmp_path / "Public"
    build(big_content, out)
    old = tree_digest(out)
    site = big_content / "site.yaml"
    original = site.read_text()
    site.write_text(original.replace("title: ScopeGuide", "title: ScopeGuide Next"))
    try:
        start = time.perf_counter()
        newer = tmp_path / "expected-new"
        build(big_content, newer)
        duration = time.perf_counter() - start
        new = tree_digest(newer)
        assert new != old
        rng = random.Random(20261127)
        outcomes = []
        for _ in range(25):
            proc = subprocess.Popen([BIN, "build", "--quiet", "--content", big_content, "--output", out],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
            time.sleep(rng.uniform(0, duration * 1.2))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            now = tree_digest(out)
            assert now in (old, new), "the output folder holds a mix of two builds"
            outcomes.append(now == new)
            if now == new:  # put the old site back for the next round
                shutil.rmtree(out)
                site.write_text(original)
                build(big_content, out)
                site.write_text(original.replace("title: ScopeGuide", "title: ScopeGuide Next"))
        # Staging folders of killed builds are cleaned by the next build.
        build(big_content, out)
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".Public.tmp")]
        print(f"killed 25 builds: {outcomes.count(True)} finished before the kill, {outcomes.count(False)} did not")
    finally:
        site.write_text(original)


def test_two_builds_at_once_do_not_corrupt(big_content, tmp_path):
    out = tmp_path / "Public"
    procs = [subprocess.Popen([BIN, "build", "--quiet", "--content", big_content, "--output", out],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT) for _ in range(2)]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close(); p.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes in ([0, 0], [0, 1]), results
    for code, err in results:
        if code == 1:
            assert "another scopeguide build is writing to this folder" in err
    reference = tmp_path / "reference"
    build(big_content, reference)
    assert tree_digest(out) == tree_digest(reference)


def test_missing_output_parent_is_a_clear_error(tmp_path):
    result = build(ROOT / "Content", tmp_path / "no" / "such" / "Public", check=False)
    assert result.returncode == 1
    assert "does not exist" in result.stderr


def test_refuses_to_write_over_sources(tmp_path):
    for target in ("Content", "Templates", "Content/connectors"):
        result = build(ROOT / "Content", ROOT / target, check=False)
        assert result.returncode == 1, target
        assert "overlaps the source folder" in result.stderr


def test_read_only_output_parent_is_a_clear_error(tmp_path):
    """As root a read-only tmpfs (permissions do not stop root); otherwise a mode-555 folder."""
    parent = tmp_path / "readonly"
    parent.mkdir()
    if os.geteuid() == 0:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", parent], check=True)
    else:
        parent.chmod(0o555)
    try:
        result = build(ROOT / "Content", parent / "Public", check=False)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "error:" in result.stderr and ("Read-only file system" in result.stderr or "permission denied" in result.stderr)
        assert "Fatal error" not in result.stderr
        assert not (parent / "Public").exists()
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", parent], check=True)
        else:
            parent.chmod(0o755)


def test_previous_site_is_removed_without_following_links(tmp_path):
    """After the swap the previous site is removed by the paths this build wrote, then by
    listing what is left: stray files and folders go too, and a link planted in the old site
    is removed without touching what it points to."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = tmp_path / "Public"
    build(content, out)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("precious")
    (out / "github" / "stray.txt").write_text("left by hand")
    (out / "github" / "oauth-app" / "notes").mkdir()
    (out / "github" / "oauth-app" / "notes" / "n.md").write_text("x")
    (out / "gone-connector").mkdir()
    (out / "gone-connector" / "index.html").write_text("old")
    shutil.rmtree(out / "googlecalendar")
    (out / "googlecalendar").symlink_to(outside)  # the new site writes googlecalendar/… again
    build(content, out)
    assert (outside / "keep.txt").read_text() == "precious"
    assert not (out / "github" / "stray.txt").exists() and not (out / "gone-connector").exists()
    assert not (out / "github" / "oauth-app" / "notes").exists()
    assert not (out / "googlecalendar").is_symlink() and (out / "googlecalendar" / "catalog.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".Public.tmp")] == []
