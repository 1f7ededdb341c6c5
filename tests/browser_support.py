"""What every real-browser test shares: Debian's chromium driven headless by Playwright.

The tests run when chromium is installed; CI installs it and sets YINGCAI_REQUIRE_BROWSER=1 so a
missing browser fails there instead of skipping. They are transactional (the live server's thread
needs committed data), which also makes pytest-django run them after the ordinary database tests.
"""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        CHROMIUM is None and not os.environ.get("YINGCAI_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed",
    ),
]


@contextmanager
def open_page(*, width: int, height: int, mobile: bool = False):
    """A fresh page in a fresh Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN", is_mobile=mobile)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()
