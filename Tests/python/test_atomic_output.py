"""Atomic, lossless output: a build killed at any moment leaves the old or the new complete
site, two concurrent builds do not corrupt it, and bad output paths give clear errors."""
import os, random, shutil, signal, subprocess, time
from pathlib import Path

import pytest

from conftest import beside_output, settled_beside, tree_digest

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
        # What killed builds left beside the output (a spare folder without a manifest, a
        # half-written next manifest) is settled by the next two complete builds: the lock, the
        # spare folder and one manifest for each folder, nothing else.
        build(big_content, out)
        build(big_content, out)
        assert beside_output(out) == settled_beside(out)
        assert tree_digest(tmp_path / ".Public.previous") == tree_digest(out)
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


def test_previous_site_is_cleaned_without_following_links(tmp_path):
    """The previous site is kept beside the output as the next build's starting point. Stray
    files and folders added to it by hand are removed when it is reused, and a link planted
    in it is removed without touching what it points to."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = tmp_path / "Public"
    build(content, out)
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
    reference = tmp_path / "reference"
    build(content, reference)
    for _ in range(2):  # the second build starts from the folder edited above
        build(content, out)
        assert tree_digest(out) == tree_digest(reference)
    assert (outside / "keep.txt").read_text() == "precious"
    spare = tmp_path / ".Public.previous"
    assert tree_digest(spare) == tree_digest(reference)
    assert beside_output(out) == settled_beside(out)


def file_identities(folder):
    return {p.relative_to(folder): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_only_changed_files_are_written(tmp_path):
    """Builds alternate between the output and the spare folder; once both have a manifest,
    a file whose bytes did not change keeps its inode and modification time."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = tmp_path / "Public"
    for _ in range(3):
        build(content, out)
    before = file_identities(out)
    build(content, out)
    result = subprocess.run([BIN, "build", "--content", content, "--output", out],
                            capture_output=True, text=True, check=True, cwd=ROOT)
    assert f"(0 of {len(before)} files written" in result.stdout, result.stdout
    assert file_identities(out) == before
    section = content / "connectors" / "github" / "guides" / "oauth-app" / "client-secret.md"
    section.write_text(section.read_text() + "\nOne more sentence.\n")
    build(content, out)
    build(content, out)
    after = file_identities(out)
    changed = sorted(str(p) for p in before if after[p] != before[p])
    assert changed == ["github/oauth-app/index.html", "github/oauth-app/index.md"]
    assert "One more sentence." in (out / "github" / "oauth-app" / "index.md").read_text()


def test_hand_edits_to_the_site_are_undone(tmp_path):
    """A file changed in place (same size, modification time put back) is still found by its
    status-change time, and rewritten when its folder is next used."""
    content = tmp_path / "Content"
    shutil.copytree(ROOT / "Content", content)
    out = tmp_path / "Public"
    for _ in range(3):
        build(content, out)
    reference = tmp_path / "reference"
    build(content, reference)
    page = out / "github" / "catalog.json"
    stamp = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"github", b"GITHUB", 1))
    os.utime(page, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert page.stat().st_size == stamp.st_size
    for _ in range(2):
        build(content, out)
        assert tree_digest(out) == tree_digest(reference)


def test_a_killed_build_leaves_a_spare_that_is_not_trusted(big_content, tmp_path):
    out = tmp_path / "Public"
    build(big_content, out)
    build(big_content, out)
    reference = tmp_path / "reference"
    start = time.perf_counter()
    build(big_content, reference)
    duration = time.perf_counter() - start
    proc = subprocess.Popen([BIN, "build", "--quiet", "--content", big_content, "--output", out],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    time.sleep(duration / 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    for _ in range(2):
        build(big_content, out)
        assert tree_digest(out) == tree_digest(reference)
