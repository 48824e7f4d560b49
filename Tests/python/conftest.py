"""Shared fixtures for the Python test suite.

`make test` builds .build/debug/scopeguide before running pytest; these fixtures only run it.
The browser is Debian's chromium driven through /usr/bin/chromedriver: when either is missing
the fixture fails (a missing browser is a failure, never a skip).
"""
from __future__ import annotations

import contextlib
import hashlib
import functools
import http.server
import json
import os
import pathlib
import shutil
import socket
import subprocess
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = pathlib.Path(__file__).resolve().parents[2]
BINARY = REPO / ".build" / "debug" / "scopeguide"
HOSTILE_CONTENT = REPO / "Tests" / "fixtures" / "hostile"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def tree_digest(folder: pathlib.Path) -> str:
    """One hash over a folder's file names and bytes: equal digests, identical trees."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def beside_output(out: pathlib.Path) -> list[str]:
    """The hidden entries a build keeps beside its output folder `out`: the build lock
    (`OutputLock`), the spare folder the next site is written into and the manifests
    (`SiteStaging`). Anything else there (a `.NAME.next.manifest`, a staging folder of some
    other name) is a leftover."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def settled_beside(out: pathlib.Path) -> list[str]:
    """What `beside_output` lists once two builds into `out` have completed."""
    return sorted(f".{out.name}.{suffix}" for suffix in ("lock", "manifest", "previous", "previous.manifest"))


def scopeguide(*args: str, cwd: pathlib.Path = REPO) -> str:
    """Runs the built tool and returns its standard output; a non-zero exit fails the test."""
    assert BINARY.exists(), f"{BINARY} is missing: run `swift build --product scopeguide` (make test does)"
    result = subprocess.run([str(BINARY), *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"scopeguide {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def run_scopeguide():
    """`run_scopeguide('url', 'microsoftoutlook', ...)` → standard output."""
    return scopeguide


def _build(tmp_root: pathlib.Path, name: str, *extra: str) -> pathlib.Path:
    out = tmp_root / name
    scopeguide("build", "--quiet", *extra, "--output", str(out))
    assert (out / "index.html").is_file()
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> pathlib.Path:
    """The default site (Content/) built into a temporary folder."""
    return _build(tmp_path_factory.mktemp("site"), "site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> pathlib.Path:
    """The hostile test content (Tests/fixtures/hostile) built into a temporary folder."""
    return _build(tmp_path_factory.mktemp("hostile"), "hostile", "--content", str(HOSTILE_CONTENT))


def chrome_options(width: int = 1280, height: int = 900) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=en-US",
                # Keep the browser from phoning home so the no-network tests see only the page.
                "--no-first-run", "--disable-background-networking", "--disable-sync",
                "--disable-component-update", "--disable-default-apps"):
        options.add_argument(arg)
    # Console entries, and the DevTools network events (which, unlike the Performance API,
    # also list file:// loads).
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    return options


def new_driver(width: int = 1280, height: int = 900) -> webdriver.Chrome:
    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium"
    assert os.path.exists(CHROMEDRIVER), f"{CHROMEDRIVER} is missing: apt-get install chromium-driver"
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=chrome_options(width, height))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(10)
    return driver


@pytest.fixture(scope="session")
def driver():
    """One headless Chromium for the whole session (starting one costs about a second)."""
    d = new_driver()
    # Clipboard access for the copy-button tests (also from file:// pages).
    d.execute_cdp_cmd("Browser.grantPermissions",
                      {"permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    yield d
    d.quit()


@pytest.fixture
def browser(driver):
    """The session browser with its console log drained, so a test sees only its own entries."""
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.set_window_size(1280, 900)
    return driver


def file_url(path: pathlib.Path, query: str = "") -> str:
    return path.resolve().as_uri() + (("?" + query) if query else "")


@pytest.fixture(scope="session")
def page_url():
    """`page_url(site / 'x/index.html', 'actions=a')` → a file:// URL with that query."""
    return file_url


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


@contextlib.contextmanager
def http_server(root: pathlib.Path):
    """Serves `root` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(site):
    """The default site over HTTP (python's http.server on 127.0.0.1, a free port)."""
    with http_server(site) as base:
        yield base


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# JavaScript that reads what a guide page shows, the same way for the interactive page and the
# statically rendered one. "Visible" is the browser's own verdict (checkVisibility), so a
# stylesheet that overrode `hidden` would show up here too.
GUIDE_STATE_JS = r"""
const vis = (el) => !!el && el.checkVisibility();
const text = (el) => el ? el.textContent : null;
const sections = [...document.querySelectorAll('[data-guide-section]')].filter(vis).map((s) => ({
  title: text(s.querySelector('[data-guide-section-title]')),
  steps: [...s.querySelectorAll('[data-guide-step]')].filter(vis).map((st) => {
    const badge = st.querySelector('[data-guide-actions-badge]');
    return {
      number: text(st.querySelector('[data-guide-step-number]')).trim(),
      title: text(st.querySelector('[data-guide-step-title]')),
      scopes: [...st.querySelectorAll('[data-guide-display-scope]')].filter(vis)
        .map((li) => li.getAttribute('data-guide-display-scope')),
      badge: vis(badge) ? text(badge.querySelector('[data-guide-actions-badge-labels]')) : null,
    };
  }),
}));
const notice = document.querySelector('[data-guide-notice]');
return {
  sections,
  scopes: text(document.querySelector('[data-guide-scopes-output]')),
  url: document.querySelector('[data-guide-url]').value,
  notice: vis(notice) ? text(notice.querySelector('[data-guide-notice-ids]')) : null,
};
"""


@pytest.fixture(scope="session")
def guide_state():
    """`guide_state(driver)` → what the current guide page shows (sections, steps, scopes, URL)."""
    return lambda d: d.execute_script(GUIDE_STATE_JS)


def severe_logs(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (DevTools Network events)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="session")
def network_requests():
    """`network_requests(driver)` → URLs requested since the last call (or since `browser`)."""
    return requested_urls


@pytest.fixture(scope="session")
def console_errors():
    """`console_errors(driver)` → the SEVERE console entries logged since the last call."""
    return severe_logs


@pytest.fixture(scope="session")
def java_available():
    assert shutil.which("java"), "java is missing (the Nu HTML checker needs it): apt-get install default-jre-headless"
    return True


@pytest.fixture(scope="session")
def big_site(tmp_path_factory) -> pathlib.Path:
    """A site with one 1,000-action connector (a copy of Microsoft Outlook with a big catalog)."""
    root = tmp_path_factory.mktemp("big")
    content = root / "content"
    (content / "connectors").mkdir(parents=True)
    shutil.copy(REPO / "Content" / "site.yaml", content / "site.yaml")
    connector = content / "connectors" / "bigconnector"
    shutil.copytree(REPO / "Content" / "connectors" / "microsoftoutlook", connector)
    catalog = (connector / "catalog.yaml").read_text()
    head = catalog.split("\nactions:")[0]
    scopes = ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite", "Mail.Send",
              "MailboxSettings.Read", "MailboxSettings.ReadWrite"]
    lines = [head, "actions:"]
    for i in range(1000):
        needs = sorted({scopes[i % 6], scopes[(i * 7 + 3) % 6]}, key=scopes.index)
        lines += [f"  - id: big_action_{i:04d}", f"    label: Big Action {i:04d} {['Mail', 'Rules', 'Folders'][i % 3]}",
                  f"    requiredScopes: [{', '.join(needs)}]"]
    (connector / "catalog.yaml").write_text("\n".join(lines) + "\n")
    return _build(root, "site", "--content", str(content))
