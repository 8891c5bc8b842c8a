"""A worker corrects an entry and marks one entered in error, in the browser (desktop and phone), checked with axe:
nothing is deleted, the entry is struck through with the reason, and its clock is cancelled."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals import services
from referrals.models import CsecRow
from reporting.models import Deadline

from ..conftest import county_today
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def victim(cast):
    child = services.client_create(
        user=cast.sw,
        first_name="Lena",
        last_name="Ortiz",
        date_of_birth=date(2010, 3, 3),
        foster_care_status="in_foster_care",
    )
    services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=county_today(),
        information_received_at=timezone.now() - timedelta(hours=2),
    )
    return child


def test_worker_marks_a_victim_row_entered_in_error_and_its_clock_is_cancelled(
    cast, page, victim, assert_accessible
):
    sign_in(page, "sw_a")
    page.goto(f"/clients/{victim.pk}/")
    page.get_by_role("link", name="Mark entered in error").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark the CSEC row entered in error")
    assert_accessible(page, "void-confirm")

    # No reason: refused next to the field, nothing marked.
    page.get_by_role("button", name="Mark entered in error").click()
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_accessible(page, "void-error")
    assert not CsecRow.objects.get().entered_in_error

    page.get_by_label("Why it was entered in error").fill("Typed on the wrong child's record")
    page.get_by_role("button", name="Mark entered in error").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lena Ortiz")
    row = page.locator('[data-testid="csec-row"][data-entered-in-error="true"]')
    expect(row).to_contain_text("Entered in error")
    expect(row).to_contain_text("Typed on the wrong child's record")
    assert_accessible(page, "client-after-void")
    clock = Deadline.objects.get(client=victim)
    assert (clock.cancelled_reason, clock.met_at) == ("entered_in_error", None)


def test_worker_corrects_a_referral_on_a_phone(cast, page, victim, assert_accessible):
    referral = services.referral_create(
        user=cast.sw, client=victim, received_at=timezone.now(), source="school", alleges_cse=False
    )
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "sw_a")
    page.goto(f"/referrals/{referral.pk}/correct/")
    assert_accessible(page, "referral-correct-phone")
    page.get_by_label("Source").select_option("law_enforcement")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".usa-error-message").first).to_be_visible()  # the reason is required
    page.get_by_label("Why this correction").fill("The call came from the police, not the school")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral for Lena Ortiz")
    assert_accessible(page, "referral-after-correct-phone")
    referral.refresh_from_db()
    assert referral.source == "law_enforcement"
    assert referral.history.latest().history_change_reason.startswith("referral corrected: The call came")
