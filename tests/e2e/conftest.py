"""Browser journeys: Playwright driving Debian's Chromium, axe on every page visited."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

CHROMIUM = os.environ.get("PROBITY_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = (
    Path(os.environ.get("PROBITY_SCREENSHOTS", ""))
    if os.environ.get("PROBITY_SCREENSHOTS")
    else None
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


class Visitor:
    """Walks the pages as one person, checking every page with axe."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.axe = Axe()
        self.checked: list[str] = []

    def check(self, label: str = "") -> None:
        """axe on the page as it is now: no violations allowed."""
        results = self.axe.run(self.page)
        assert results.violations_count == 0, f"{self.page.url}\n{results.generate_report()}"
        self.checked.append(self.page.url)
        if SCREENSHOTS is not None:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            name = label or f"{len(self.checked):02d}"
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None
        self.check()

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(self.base_url + "/accounts/login/")
        self.check()
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, f"{username} could not sign in"
        self.check()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_url("**/accounts/login/")

    def click_link(self, name: str, *, exact: bool = False) -> None:
        self.page.get_by_role("link", name=name, exact=exact).first.click()
        self.page.wait_for_load_state()
        self.check()

    def click_button(self, name: str) -> None:
        self.page.get_by_role("button", name=name).click()
        self.page.wait_for_load_state()
        self.check()


@pytest.fixture
def visitor(page: Page, live_server: Any) -> Iterator[Visitor]:
    page.set_default_timeout(15_000)
    yield Visitor(page, live_server.url)
