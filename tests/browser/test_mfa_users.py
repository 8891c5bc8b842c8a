"""In the browser, with MFA required: a worker sets up an authenticator (QR code and typed key) right after the
password and then signs in with a code; the county admin manages the county's users; a quiet session warns
before it ends. Desktop and phone widths, checked with axe."""

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from accounts.models import User

from ..conftest import PASSWORD
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [1280, 390]


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def in_menu(page: Page) -> Page:
    """On a phone the header's links and buttons are behind its Menu button."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    return page


def password_step(page: Page, username: str, code: str = "") -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    if code:
        page.get_by_label("Authenticator code").fill(code)
    page.get_by_role("button", name="Sign in").click()


def enroll(page: Page, username: str, check=None, name: str = "") -> str:
    """Sign in with the password, set up the authenticator from the typed key, and land on the home page."""
    password_step(page, username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.get_by_test_id("mfa-qr")).to_be_visible()
    key = page.get_by_test_id("mfa-key").inner_text().replace(" ", "")
    if check:
        no_sideways_scroll(page)
        check(page, f"mfa-setup-{name}")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Confirm and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    return key


@pytest.mark.parametrize("width", WIDTHS)
def test_a_worker_sets_up_an_authenticator_then_signs_in_with_its_code(
    cast, page, width, settings, assert_accessible
):
    settings.MFA_REQUIRED = True
    page.set_viewport_size({"width": width, "height": 900})
    key = enroll(page, "sw_a", assert_accessible, str(width))
    expect(page.get_by_text("Your authenticator is set up")).to_be_visible()
    assert TOTPDevice.objects.get(user=cast.sw).confirmed
    in_menu(page).get_by_role("button", name="Sign out").click()

    password_step(page, "sw_a")  # the password alone is not enough, and says nothing more than any failure
    expect(page.get_by_role("alert")).to_contain_text("the authenticator code is missing or wrong")
    with time_machine.travel(timezone.now() + timedelta(seconds=31)):  # the next code: a used one is refused
        password_step(page, "sw_a", pyotp.TOTP(key).now())
        expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Sol Worker")
    in_menu(page).get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("You sign in with a code from your authenticator app")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page, f"my-account-{width}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_county_admin_manages_the_countys_users(cast, page, width, settings, assert_accessible):
    settings.MFA_REQUIRED = True
    User.objects.filter(pk=cast.sw.pk).update(locked_at=timezone.now(), failed_sign_ins=5)
    TOTPDevice.objects.create(user=cast.sw, name="authenticator", key="00" * 20, confirmed=True)
    page.set_viewport_size({"width": width, "height": 900})
    enroll(page, "admin_a")
    page.get_by_role("link", name="Users of the county").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users of Alameda County")
    expect(page.get_by_test_id("user-row")).to_have_count(4)
    no_sideways_scroll(page)
    assert_accessible(page, f"users-{width}")

    page.get_by_role("link", name="Sol Worker").click()
    expect(page.get_by_test_id("account-state")).to_have_text("Locked after failed sign-ins")
    expect(page.get_by_role("link", name="Hand over the caseload and close the account")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page, f"user-{width}")
    page.get_by_role("button", name="Unlock the account").click()
    expect(page.get_by_text("Sol Worker can sign in again.")).to_be_visible()
    page.get_by_role("button", name="Reset the authenticator").click()
    expect(page.get_by_text("The authenticator of Sol Worker is reset")).to_be_visible()
    expect(page.get_by_test_id("account-state")).to_have_text("Open")
    assert not TOTPDevice.objects.filter(user=cast.sw).exists()
    assert_accessible(page, f"user-after-{width}")

    page.get_by_role("link", name="Back to the users").click()
    page.get_by_role("link", name="Open an account").click()
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("First password").fill("newbie")
    page.get_by_label("Role").select_option("social_worker")
    page.get_by_role("button", name="Open the account").click()
    expect(page.locator("#id_password_error")).to_contain_text("too short")
    expect(page.get_by_label("Username")).to_have_value("newbie")
    no_sideways_scroll(page)
    assert_accessible(page, f"user-new-error-{width}")
    page.get_by_label("First password").fill("a-long-first-password")
    page.get_by_label("Last name").fill("Newcomb")
    page.get_by_label("Supervisor").select_option(label="Ana Sup")
    page.locator("label", has_text="Closed case/referral update").click()  # USWDS draws the box on the label
    page.get_by_role("button", name="Open the account").click()
    expect(page.get_by_text("The account of Newcomb is open")).to_be_visible()
    newbie = User.objects.get(username="newbie")
    assert (newbie.supervisor, newbie.privilege_codes) == (cast.supervisor, ["closed_case_update"])


def test_a_quiet_session_warns_before_it_ends(cast, page, settings, assert_accessible):
    settings.SESSION_COOKIE_AGE = 16
    settings.SESSION_IDLE_WARNING_SECONDS = 11
    sign_in(page, "sw_a")
    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(warning).to_be_visible(timeout=20_000)
    expect(page.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_accessible(page, "idle-warning")
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    # quiet again: the warning comes back, then the session ends
    expect(warning).to_be_visible(timeout=20_000)
    expect(page).to_have_url("/accounts/sign-in/?next=/", timeout=30_000)
    expect(page.get_by_text("without activity")).to_be_visible()
