import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_home_and_sign_out(cast, page, assert_accessible):
    page.goto("/")
    expect(page).to_have_url("/accounts/sign-in/?next=/")
    assert_accessible(page, "sign-in")

    page.get_by_label("Username").fill("sw_a")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("username or password is not right")
    expect(page.get_by_label("Username")).to_have_value("sw_a")
    assert_accessible(page, "sign-in-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sol Worker")
    expect(page.get_by_text("social worker", exact=False).first).to_be_visible()
    expect(page.get_by_text("Alameda County").first).to_be_visible()
    expect(page.get_by_test_id("county-zone")).to_have_text("Times are Pacific Time.")
    assert_accessible(page, "home")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are signed out")
    assert_accessible(page, "signed-out")
    page.goto("/")
    expect(page).to_have_url("/accounts/sign-in/?next=/")


def test_skip_link_moves_focus_to_the_content(cast, page):
    sign_in(page, "sw_a")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_a_worker_refused_the_dashboard_sees_the_products_refusal_page(cast, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "sw_a")
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This page is not open to you")
    assert_accessible(page, "refused-phone")
