from datetime import date

import pytest
from playwright.sync_api import expect

from referrals import services as case_services
from referrals.models import CsecRow
from screening.models import Screening

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tick(page, label: str) -> None:
    page.get_by_label(label).focus()
    page.keyboard.press("Space")  # USWDS draws its own box; the real input takes the keyboard


def test_worker_screens_a_child_sees_the_live_result_and_documents_at_risk(cast, page, assert_accessible):
    child = case_services.client_create(
        user=cast.sw,
        first_name="Jordan",
        last_name="Rivera",
        date_of_birth=date(2011, 3, 14),
        foster_care_status="in_foster_care",
    )
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/")
    expect(page.get_by_test_id("screening-panel")).to_contain_text("No screening yet.")
    page.get_by_role("link", name="Screen this child").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screen Jordan Rivera for risk of exploitation")
    assert_accessible(page, "screening-new")

    result = page.locator("#screening-result")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result).to_contain_text("Not at risk")
    page.get_by_label("Context").select_option("visit")

    tick(page, "Frequent truancy")
    expect(result).to_contain_text("one other indicator and no strong indicator")
    expect(result).to_contain_text("Not at risk")
    # The second "other" indicator is where the rule's second branch holds.
    tick(page, "Substance abuse")
    expect(result).to_contain_text("At risk: 2 other indicators (frequent truancy, substance abuse).")
    assert_accessible(page, "screening-live-at-risk")
    tick(page, "Substance abuse")
    expect(result).to_contain_text("Not at risk")
    tick(page, "Substance abuse")
    expect(result).to_contain_text("At risk: 2 other indicators")
    assert not Screening.objects.exists()  # the live result writes nothing

    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening of Jordan Rivera")
    expect(page.get_by_test_id("screening-result")).to_contain_text("At risk")
    assert_accessible(page, "screening-detail")
    screening = Screening.objects.get()
    assert (screening.at_risk, screening.basis, screening.performed_by) == (
        True,
        "two_other_indicators",
        cast.sw,
    )
    assert not CsecRow.objects.exists()  # nothing is documented until the worker confirms

    page.get_by_role("button", name="Document At Risk from this screening").click()
    expect(page.get_by_text("At Risk documented")).to_be_visible()
    expect(page.get_by_test_id("csec-row")).to_contain_text("At Risk")
    expect(page.get_by_test_id("screening-row")).to_contain_text("At least two other indicators")
    assert_accessible(page, "client-after-screening")
    row = CsecRow.objects.get()
    assert (row.csec_type, row.created_by, row.information_received_at) == (
        "at_risk",
        cast.sw,
        screening.performed_at,
    )
