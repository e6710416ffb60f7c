"""Browser tests: Debian's chromium driven by Playwright, pages checked with axe-core."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.personas import frozen, karin, stack  # noqa: F401 - shared fixtures

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# page steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
WCAG_21_AA = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("Debian's chromium is not installed (./dev test installs it when run as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


class AxeChecker:
    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()

    def __call__(self, page):
        results = self.axe.run(page, options=WCAG_21_AA)
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


@pytest.fixture(scope="session")
def assert_accessible():
    return AxeChecker()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture(autouse=True)
def _browser_letters_are_real(real_letters):
    """A browser test walks the whole way a person does, letter PDF included."""
