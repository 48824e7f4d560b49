"""`scopeguide serve`: the preview server, live reload, incremental rebuilds, safety.

Each server runs on a copy of Content/ and Templates/ in a temporary workspace (which also
holds a built Public/ that must stay untouched), on a free loopback port, and is always
stopped in teardown.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import os
import pathlib
import queue
import re
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BINARY, REPO, new_driver

GUIDE = "/microsoftoutlook/oauth2/"
CATALOG = pathlib.Path("Content/connectors/microsoftoutlook/catalog.yaml")
RELOAD_TAG = '<script src="/__scopeguide/reload.js"></script>'
DIAGNOSTIC = re.compile(r"^\S+:\d+:\d+: error: ", re.M)
# How long to wait for an event that must come. A wait, not a measurement: on a loaded machine
# a rebuild can take seconds, and how fast a reload arrives is measured by `make bench`.
EVENT_WAIT = 20


# MARK: - The server process


class Preview:
    """A running `scopeguide serve` with its output collected line by line."""

    def __init__(self, workspace: pathlib.Path, port: int = 0):
        assert BINARY.exists(), f"{BINARY} is missing: run `swift build --product scopeguide`"
        self.workspace = workspace
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.changed = threading.Condition()
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--port", str(port), "--content", str(workspace / "Content"),
             "--templates", str(workspace / "Templates")],
            cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for stream, sink in ((self.process.stdout, self.lines), (self.process.stderr, self.errors)):
            threading.Thread(target=self._collect, args=(stream, sink), daemon=True).start()
        serving = self.wait_for_line(r"^Serving http://127\.0\.0\.1:(\d+)/", timeout=60)
        self.port = int(re.match(r"^Serving http://127\.0\.0\.1:(\d+)/", serving).group(1))
        self.folder = pathlib.Path(re.match(r"^Preview folder: (\S+) ", self.wait_for_line(r"^Preview folder: ")).group(1))

    def _collect(self, stream, sink):
        for line in stream:
            with self.changed:
                sink.append(line.rstrip("\n"))
                self.changed.notify_all()

    def wait_for_line(self, pattern: str, after: int = 0, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.lines[after:]:
                    if re.search(pattern, line):
                        return line
                left = deadline - time.monotonic()
                assert left > 0 and self.process.poll() is None, (
                    f"no line matching {pattern!r}; stdout: {self.lines}; stderr: {self.errors}")
                self.changed.wait(min(left, 0.2))

    def get(self, path: str) -> tuple[int, dict, bytes]:
        """A request with the path sent exactly as given (no client-side normalisation)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest("GET", path, skip_accept_encoding=True)
            conn.endheaders()
            response = conn.getresponse()
            headers = {k.lower(): v for k, v in response.getheaders()}
            return response.status, headers, response.read()
        finally:
            conn.close()

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


class EventStream:
    """Reads `/__scopeguide/events` in a thread; events land in a queue as (name, data, time)."""

    def __init__(self, port: int):
        self.events: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.conn.request("GET", "/__scopeguide/events")
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.getheader("Content-Type").startswith("text/event-stream")
        assert self.response.getheader("Cache-Control") == "no-store"
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next("ready", timeout=5)

    def _read(self):
        name, data = "message", []
        try:
            while True:
                raw = self.response.readline()
                if not raw:
                    return
                line = raw.decode().rstrip("\r\n")
                if line == "":
                    if data:
                        self.events.put((name, "\n".join(data), time.monotonic()))
                    name, data = "message", []
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
        except Exception:  # the stream was closed under us: the test is over
            return

    def next(self, name: str, timeout: float):
        """The next event called `name` within `timeout` seconds (others are skipped)."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if event[0] == name:
                return event

    def drain(self):
        while not self.events.empty():
            self.events.get_nowait()

    def close(self):
        try:
            self.conn.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.conn.close()


def tree_digest(root: pathlib.Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def make_workspace(tmp: pathlib.Path) -> pathlib.Path:
    """Copies of Content/ and Templates/, and a Public/ built from them (the preview must not touch it)."""
    shutil.copytree(REPO / "Content", tmp / "Content")
    shutil.copytree(REPO / "Templates", tmp / "Templates")
    subprocess.run([str(BINARY), "build", "--quiet", "--content", str(tmp / "Content"), "--templates",
                    str(tmp / "Templates"), "--output", str(tmp / "Public")], check=True, cwd=tmp,
                   capture_output=True, timeout=120)
    return tmp


def edit(path: pathlib.Path, old: str, new: str):
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    return make_workspace(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def preview(workspace):
    public_before = tree_digest(workspace / "Public")
    server = Preview(workspace)
    try:
        yield server
    finally:
        server.stop()
    # Serving never writes the site, or the reload script, into Public/.
    assert tree_digest(workspace / "Public") == public_before


@pytest.fixture
def events(preview):
    stream = EventStream(preview.port)
    yield stream
    stream.close()


# MARK: - Serving


def test_serves_pages_with_reload_script_and_no_store(preview, workspace):
    for path in ("/", GUIDE, "/microsoftoutlook/scopes/"):
        status, headers, body = preview.get(path)
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "no-store"
        page = body.decode()
        # Injected once, just before </body>, and the page's CSP lets it reach the event stream.
        assert page.count(RELOAD_TAG) == 1 and page.rstrip().endswith(RELOAD_TAG + "\n</body>\n</html>"), path
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
        assert "connect-src 'self'" in csp and "script-src 'self'" in csp
    # The page on disk in Public/ has neither.
    public_page = (workspace / "Public" / "microsoftoutlook/oauth2/index.html").read_text()
    assert "__scopeguide" not in public_page and "connect-src 'none'" in public_page.replace("&#39;", "'")

    status, headers, body = preview.get("/__scopeguide/reload.js")
    assert status == 200 and headers["content-type"] == "text/javascript; charset=utf-8"
    assert b"EventSource" in body and b"textContent" in body and b"innerHTML" not in body


@pytest.mark.parametrize("path, content_type", [
    ("/assets/style.css", "text/css; charset=utf-8"),
    ("/assets/scopeguide.js", "text/javascript; charset=utf-8"),
    ("/microsoftoutlook/catalog.json", "application/json; charset=utf-8"),
    ("/microsoftoutlook/oauth2/index.md", "text/markdown; charset=utf-8"),
    ("/llms.txt", "text/plain; charset=utf-8"),
    ("/sitemap.xml", "application/xml; charset=utf-8"),
])
def test_content_types(preview, path, content_type):
    status, headers, body = preview.get(path)
    assert (status, headers["content-type"], headers["cache-control"]) == (200, content_type, "no-store")
    assert RELOAD_TAG.encode() not in body  # only HTML pages get the script


def test_missing_page_is_the_sites_404_and_folders_redirect(preview):
    status, headers, body = preview.get("/no-such-connector/")
    assert status == 404 and headers["content-type"] == "text/html; charset=utf-8"
    assert b"not found" in body.lower() and RELOAD_TAG.encode() in body
    status, headers, _ = preview.get("/microsoftoutlook/oauth2")
    assert status == 301 and headers["location"] == "/microsoftoutlook/oauth2/"


TRAVERSALS = [
    "/../etc/passwd",
    "/../../../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/..%2f..%2fetc/passwd",
    "/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/assets/../../../etc/passwd",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/..\\..\\etc\\passwd",
    "/index.html%00.png",
    "/%252e%252e/etc/passwd",
]


def raw_request(port: int, target: str) -> tuple[int, bytes]:
    """Sends the request line byte for byte, so nothing normalises the path on the way."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_is_404(preview, target):
    status, data = raw_request(preview.port, target)
    assert status == 404, (target, data[:200])
    assert b"root:" not in data


def test_symlinks_out_of_the_output_folder_are_404(preview):
    inside = preview.folder / "inside-link.css"
    (preview.folder / "leak.txt").symlink_to("/etc/passwd")
    (preview.folder / "leakdir").symlink_to("/etc")
    inside.symlink_to(preview.folder / "assets" / "style.css")
    try:
        for target in ("/leak.txt", "/leakdir/passwd", "/leakdir/", "/leakdir"):
            status, data = raw_request(preview.port, target)
            assert status == 404 and b"root:" not in data, target
        # A link that stays inside the folder is fine: the check is on the resolved path.
        assert raw_request(preview.port, "/inside-link.css")[0] == 200
    finally:
        for name in ("leak.txt", "leakdir", "inside-link.css"):
            (preview.folder / name).unlink()


# MARK: - Live reload and incremental rebuilds


def test_edit_is_served_and_reload_sent(preview, workspace, events):
    before = preview.get(GUIDE)[2]
    assert b"Send Mail" in before
    mark = len(preview.lines)
    edit(workspace / CATALOG, "label: Send Mail", "label: Send Electronic Mail")
    reload = events.next("reload", timeout=EVENT_WAIT)
    assert reload is not None, f"no reload event; stdout: {preview.lines[mark:]}"
    status, _, page = preview.get(GUIDE)
    assert status == 200 and b"Send Electronic Mail" in page
    line = preview.wait_for_line(r"^Rebuilt ", after=mark)
    # A label is not shown on the index, so only this connector's files were rendered.
    assert re.fullmatch(r"Rebuilt microsoftoutlook \(\d+ files\) in [\d.]+ ms", line), line


def test_broken_yaml_shows_error_keeps_last_good_site_and_recovers(preview, workspace, events):
    path = workspace / CATALOG
    good = path.read_text()
    good_page = preview.get(GUIDE)[2]
    try:
        path.write_text(good.replace("actions:\n", "actions:\n  - id: [unclosed\n", 1))
        error = events.next("error", timeout=EVENT_WAIT)
        assert error is not None, f"no error event; stderr: {preview.errors}"
        payload = json.loads(error[1])
        texts = [e["text"] for e in payload["errors"]]
        assert texts and all(DIAGNOSTIC.match(t) for t in texts), texts
        assert any("catalog.yaml:" in t for t in texts)
        # The terminal line comes from another thread than the event: wait for it, briefly.
        printed = lambda: any(DIAGNOSTIC.match(line) and "catalog.yaml" in line for line in preview.errors)
        with preview.changed:
            preview.changed.wait_for(printed, timeout=3)
        assert printed(), preview.errors
        # The last good site is still served, unchanged.
        status, _, page = preview.get(GUIDE)
        assert status == 200 and page == good_page
        # A page opened (or reloaded) now gets the error at once: the overlay survives reloads.
        late = EventStream(preview.port)
        try:
            assert late.next("error", timeout=EVENT_WAIT) is not None
        finally:
            late.close()
        # Fix it (with a visible change): a reload, and the new content.
        events.drain()
        path.write_text(good.replace("label: List Messages", "label: List All Messages", 1))
        assert events.next("reload", timeout=EVENT_WAIT) is not None
        status, _, page = preview.get(GUIDE)
        assert status == 200 and b"List All Messages" in page
        # The next page to connect sees no error any more.
        fresh = EventStream(preview.port)
        try:
            assert fresh.next("error", timeout=0.5) is None
        finally:
            fresh.close()
    finally:
        path.write_text(good)
        events.next("reload", timeout=EVENT_WAIT)


def test_editing_one_connector_rerenders_only_that_one(preview, workspace, events):
    others = {path: preview.get(path)[2] for path in ("/github/oauth-app/", "/googlecalendar/oauth2/", "/")}
    stamps = {p: p.stat().st_mtime_ns for p in (preview.folder / "github").rglob("*") if p.is_file()}
    index_stamp = (preview.folder / "index.html").stat().st_mtime_ns
    step = workspace / "Content/connectors/microsoftoutlook/guides/oauth2/register-app.md"
    mark = len(preview.lines)
    step.write_text(step.read_text() + "\nThis sentence was added while previewing.\n")
    assert events.next("reload", timeout=EVENT_WAIT) is not None
    line = preview.wait_for_line(r"^Rebuilt ", after=mark)
    assert re.fullmatch(r"Rebuilt microsoftoutlook \(\d+ files\) in [\d.]+ ms", line), line
    assert b"added while previewing" in preview.get(GUIDE)[2]
    for path, body in others.items():
        assert preview.get(path)[2] == body, path
    # Not even rewritten: the other connector's files and the index kept their timestamps.
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert (preview.folder / "index.html").stat().st_mtime_ns == index_stamp


def test_renaming_a_connector_rerenders_it_and_the_index(preview, workspace, events):
    path = workspace / "Content/connectors/github/connector.yaml"
    text = path.read_text()
    name = re.search(r"^name: *(.+)$", text, re.M).group(1).strip().strip('"')
    stamps = {p: p.stat().st_mtime_ns for p in (preview.folder / "microsoftoutlook").rglob("*") if p.is_file()}
    mark = len(preview.lines)
    path.write_text(re.sub(r"^name: *.+$", "name: GitHub Renamed For Preview", text, count=1, flags=re.M))
    assert events.next("reload", timeout=EVENT_WAIT) is not None
    line = preview.wait_for_line(r"^Rebuilt ", after=mark)
    assert line.startswith("Rebuilt github (") and "index.html, sitemap.xml, llms.txt" in line, line
    assert "microsoftoutlook" not in line and "googlecalendar" not in line
    assert b"GitHub Renamed For Preview" in preview.get("/")[2]
    assert b"GitHub Renamed For Preview" in preview.get("/llms.txt")[2]
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    assert name != "GitHub Renamed For Preview"


def test_template_change_rebuilds_every_page(preview, workspace, events):
    css = workspace / "Templates/assets/style.css"
    original = css.read_text()
    mark = len(preview.lines)
    try:
        css.write_text(original + "\n/* preview edit */\n")
        assert events.next("reload", timeout=EVENT_WAIT) is not None
        line = preview.wait_for_line(r"^Rebuilt ", after=mark)
        assert line.startswith("Rebuilt the whole site ("), line
        assert preview.get("/assets/style.css")[2].endswith(b"/* preview edit */\n")
    finally:
        css.write_text(original)
        events.next("reload", timeout=EVENT_WAIT)


def test_incremental_output_matches_a_fresh_build(preview, workspace, tmp_path):
    """After all the edits above, the preview folder holds exactly what `build` makes."""
    subprocess.run([str(BINARY), "build", "--quiet", "--content", str(workspace / "Content"), "--templates",
                    str(workspace / "Templates"), "--output", str(tmp_path / "fresh")], check=True, cwd=workspace,
                   capture_output=True, timeout=120)
    assert tree_digest(preview.folder) == tree_digest(tmp_path / "fresh")


# MARK: - The overlay in a real browser


def test_overlay_in_browser_appears_and_clears(preview, workspace):
    path = workspace / CATALOG
    good = path.read_text()
    driver = new_driver()
    try:
        driver.get(f"http://127.0.0.1:{preview.port}{GUIDE}")
        # The script marks the page once the event stream is open (the server sends `ready` first).
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute(
            "data-scopeguide-preview") == "connected")
        path.write_text(good.replace("actions:\n", "actions:\n  - id: [unclosed\n", 1))
        overlay = WebDriverWait(driver, 5).until(
            lambda d: d.find_elements(By.ID, "scopeguide-error-overlay"))[0]
        assert DIAGNOSTIC.search(overlay.text), overlay.text
        assert "catalog.yaml" in overlay.text and overlay.value_of_css_property("position") == "fixed"
        # Still the last good page underneath.
        assert "Send Electronic Mail" in driver.page_source or "Send Mail" in driver.page_source
        path.write_text(good.replace("label: List Messages", "label: List Messages Again", 1))
        WebDriverWait(driver, 5).until(lambda d: "List Messages Again" in d.page_source)
        WebDriverWait(driver, 5).until(lambda d: not d.find_elements(By.ID, "scopeguide-error-overlay"))
        severe = [e for e in driver.get_log("browser")
                  if e.get("level") == "SEVERE" and "Content Security Policy" in e.get("message", "")]
        assert severe == []
    finally:
        path.write_text(good)
        driver.quit()


# MARK: - Starting and stopping


def test_port_in_use_is_a_clear_error(workspace):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(BINARY), "serve", "--port", str(port), "--content", str(workspace / "Content"),
             "--templates", str(workspace / "Templates")],
            cwd=workspace, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result
    assert f"error: port {port} is already in use; try --port {port + 1}" in result.stderr
    # Its private folder is cleaned up on the way out too.
    folder = re.search(r"^Preview folder: (\S+) ", result.stdout, re.M).group(1)
    assert not os.path.exists(folder)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_graceful_shutdown_with_an_open_page(tmp_path, sig):
    workspace = make_workspace(tmp_path)
    server = Preview(workspace)
    stream = EventStream(server.port)
    try:
        assert server.folder.is_dir()
        server.process.send_signal(sig)
        server.process.wait(timeout=10)
        assert server.process.returncode == 0, server.errors
        server.wait_for_line(r"^Stopped\.$", timeout=2)
        assert not server.folder.exists()
    finally:
        stream.close()
        server.stop()
