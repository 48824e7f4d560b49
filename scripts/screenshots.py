#!/usr/bin/env python3
"""Takes the README screenshots of the Microsoft Outlook guide with a selection applied.

    python3 scripts/screenshots.py [--output docs/screenshots]

Builds the site from Content/ into a temporary folder with .build/debug/scopeguide (run
`swift build --product scopeguide` first), opens the guide from file:// in headless Debian
chromium and writes the PNGs: desktop (1280 wide), phone (390 wide), dark (1280 wide,
prefers-color-scheme: dark), one step, and the grant check panel with a pasted grant. Needs the same packages as the browser tests (selenium).
"""
from __future__ import annotations

import argparse
import base64
import pathlib
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

REPO = pathlib.Path(__file__).resolve().parents[1]
BINARY = REPO / ".build" / "debug" / "scopeguide"
QUERY = ("actions=microsoftoutlook_list_messages,microsoftoutlook_update_message,"
         "microsoftoutlook_send_mail,microsoftoutlook_list_message_rules")

# (file name, viewport width, viewport height, colour scheme, height of the captured part,
#  CSS selector of the element the capture starts at, or None for the top of the page)
SHOTS = [
    ("guide-desktop.png", 1280, 900, "light", 1500, None),
    ("guide-phone.png", 390, 844, "light", 1700, None),
    ("guide-dark.png", 1280, 900, "dark", 1500, None),
    # The filtered step: only the selected scopes, and the actions they enable.
    ("guide-step.png", 1280, 900, "light", 760, "[data-guide-step]:has([data-guide-actions-badge])"),
    # Check an existing grant: the panel opened with a pasted grant (README, "Check an existing grant").
    ("grant-check.png", 1280, 900, "light", 820, "[data-guide-grant]"),
]

# Run before a shot whose file name is a key: opens the grant panel and pastes a grant.
SETUP = {
    "grant-check.png": """
const box = document.querySelector('[data-guide-grant-input]');
box.closest('details').open = true;
box.value = 'Mail.Read Mail.ReadWrite MailboxSettings.ReadWrite Calendars.Read';
box.dispatchEvent(new Event('change', {bubbles: true}));""",
}


def build_site(out: pathlib.Path) -> pathlib.Path:
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing: run `swift build --product scopeguide` first")
    site = out / "site"
    subprocess.run([str(BINARY), "build", "--quiet", "--output", str(site)], cwd=REPO, check=True)
    return site


def new_driver() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--window-size=1280,900", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shoot(driver, url: str, path: pathlib.Path, width: int, height: int, scheme: str, capture: int,
          start: str | None) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(url)
    if path.name in SETUP:
        driver.execute_script(SETUP[path.name])
    driver.execute_script("return document.fonts ? document.fonts.ready : null")
    full = driver.execute_script("return document.documentElement.scrollHeight")
    top = 0
    if start:
        top = driver.execute_script(
            "const e = document.querySelector(arguments[0]);"
            "return e ? Math.max(0, e.getBoundingClientRect().top + scrollY - 24) : 0", start)
    clip = {"x": 0, "y": top, "width": width, "height": min(capture, full - top), "scale": 1}
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "clip": clip, "captureBeyondViewport": True})
    path.write_bytes(base64.b64decode(shot["data"]))
    print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path} "
          f"({width}×{clip['height']}, {scheme}, {path.stat().st_size // 1024} KiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=pathlib.Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    args.output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(pathlib.Path(tmp))
        url = (site / "microsoftoutlook" / "oauth2" / "index.html").resolve().as_uri() + "?" + QUERY
        driver = new_driver()
        try:
            for name, width, height, scheme, capture, start in SHOTS:
                shoot(driver, url, args.output.resolve() / name, width, height, scheme, capture, start)
        finally:
            driver.quit()


if __name__ == "__main__":
    main()
