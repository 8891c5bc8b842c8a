"""Browser tests: Debian's Chromium driven by Playwright against Django's live server, checked with axe."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from ..conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Page:
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Los_Angeles")
    context.set_default_timeout(10_000)
    page = context.new_page()
    # Every page a browser test walks is also a check of the Content-Security-Policy: anything it refuses
    # (an inline script or style, a foreign source) fails the test.
    refused: list[str] = []
    page.expose_function("reportRefusedByPolicy", lambda what: refused.append(what))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', event =>"
        " window.reportRefusedByPolicy(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}`));"
    )
    yield page
    context.close()
    assert refused == [], refused


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def assert_accessible(axe: Axe, request):
    """Run axe on the page as it is now; fail with axe's report on any WCAG 2.1 A/AA violation."""

    def check(page: Page, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{request.node.name}-{name}.png", full_page=True)
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

    return check


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
