"""Headless Chromium driven by Selenium, for the console's browser tests.

Debian's `chromium` and `chromium-driver` packages provide the browser and the driver
(scripts/test installs them); Selenium comes from PyPI (requirements.txt). Both paths are given
explicitly, so Selenium never tries to fetch a driver or a browser of its own.

    def test_page(browser, tmp_path):
        browser.get(url)
        screenshot(browser, tmp_path / "overview.png")   # asserts the PNG is not blank
        assert console_errors(browser) == []              # the page logged no errors

`browser` is a pytest fixture (imported by conftest.py); `start_browser()` starts more of them,
for example one per signed-in user.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Union

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

WIDTH, HEIGHT = 1280, 800


def _find(env_name: str, *candidates: str) -> str:
    """The first of $env_name and the candidates that exists."""
    for path in (os.environ.get(env_name), *candidates):
        if path and (os.path.exists(path) or shutil.which(path)):
            return shutil.which(path) or path
    raise RuntimeError(f"not found: {' or '.join(c for c in candidates)} (set {env_name})")


def start_browser() -> webdriver.Chrome:
    """Starts headless Chromium with a 1280x800 viewport and the console log recorded.

    The caller quits it (driver.quit()); the `browser` fixture does that for you.
    """
    options = webdriver.ChromeOptions()
    options.binary_location = _find("CHROMIUM_BIN", "/usr/bin/chromium", "chromium")
    options.add_argument("--headless=new")
    options.add_argument("--no-sandbox")  # the tests run as root on CI
    options.add_argument("--disable-dev-shm-usage")
    options.add_argument("--disable-gpu")
    options.add_argument(f"--window-size={WIDTH},{HEIGHT}")
    options.add_argument("--no-first-run")
    options.add_argument("--disable-extensions")
    options.add_argument("--lang=en-US")
    # Keep every console message, so console_errors() sees the page's errors.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_find("CHROMEDRIVER_BIN", "/usr/bin/chromedriver", "chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    # --window-size sizes the window; make sure the viewport itself is exactly 1280x800, whatever
    # the headless mode does with window decorations.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    """A headless Chromium (selenium.webdriver.Chrome), quit after the test."""
    driver = start_browser()
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver, path: Union[str, Path]) -> Path:
    """Saves a PNG of the viewport at path and asserts it is 1280x800 and not blank.

    Not blank: more than one colour, and at least 0.1 % of the pixels differ from the most common
    colour (a page with a heading and a line of text passes; an empty white page does not).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    assert driver.save_screenshot(str(path)), f"Chromium did not save {path}"
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (WIDTH, HEIGHT), f"{path}: {rgb.size}, expected {WIDTH}x{HEIGHT}"
        # getcolors returns None past maxcolors; then the image is anything but blank.
        colours = rgb.getcolors(maxcolors=WIDTH * HEIGHT)
        assert colours is not None
        assert len(colours) > 1, f"{path}: blank (one colour)"
        dominant = max(count for count, _ in colours)
        others = WIDTH * HEIGHT - dominant
        assert others >= WIDTH * HEIGHT // 1000, f"{path}: nearly blank ({others} pixels differ from the background)"
    return path


def console_log(driver) -> list[dict]:
    """Every browser console entry since the last call (Chromium hands each entry out once).

    Each is {"level": "SEVERE"|"WARNING"|"INFO"|..., "message": str, "source": str, "timestamp": int}.
    """
    return driver.get_log("browser")


def console_errors(driver) -> list[dict]:
    """The SEVERE console entries since the last call to console_log/console_errors: JavaScript
    errors, failed loads (404s included), Content-Security-Policy violations."""
    return [entry for entry in console_log(driver) if entry.get("level") == "SEVERE"]
