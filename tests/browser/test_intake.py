import pytest
import time_machine
from playwright.sync_api import expect

from referrals.models import Client, CsecRow, Referral

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# The dates typed below are fixed, so the server's clock is too (the child stays under 18, the dates in the past).
@time_machine.travel("2026-11-28 18:00Z", tick=True)
def test_worker_records_a_cse_referral_and_documents_at_risk(cast, page, assert_accessible):
    sign_in(page, "sw_a")
    page.get_by_role("link", name="New referral").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New referral")
    assert_accessible(page, "intake")

    # A new child and the referral, by keyboard-friendly labels; the date of birth is left out on purpose.
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Foster care status").select_option("in_foster_care")
    page.get_by_label("Information received at").fill("2026-11-27T09:30")
    page.get_by_label("Source").select_option("school")
    page.get_by_label("Reporter's name").fill("Ms. Park, counselor")
    page.get_by_label("Alleges commercial sexual exploitation").focus()
    page.keyboard.press("Space")  # USWDS draws its own box; the real input takes the keyboard
    page.get_by_label("Narrative").fill("Seen leaving school with an older adult; new phone and clothes.")
    page.get_by_role("button", name="Record referral").click()

    expect(page.get_by_text("Required for a new client")).to_be_visible()
    assert_accessible(page, "intake-error")
    # What was typed is still there: only the missing field needs filling.
    expect(page.get_by_label("First name")).to_have_value("Maya")
    expect(page.get_by_label("Narrative")).to_have_value(
        "Seen leaving school with an older adult; new phone and clothes."
    )
    expect(page.get_by_label("Alleges commercial sexual exploitation")).to_be_checked()
    assert not Client.objects.exists() and not Referral.objects.exists()

    page.get_by_label("Date of birth").fill("2011-05-04")
    page.get_by_role("button", name="Record referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Referral for Maya Lopez")
    expect(page.get_by_test_id("codes")).to_contain_text("S-CSEC Referral")
    expect(page.get_by_test_id("checklist")).to_contain_text("Still missing")
    assert_accessible(page, "referral")

    page.get_by_role("link", name="Maya Lopez").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Lopez")
    expect(page.get_by_test_id("cws-category")).to_contain_text("category A")

    # A start date before the child was born is refused next to the field, the choice kept.
    page.get_by_label("CSEC type").select_option("at_risk")
    page.get_by_label("Start date").fill("2010-01-01")
    page.get_by_role("button", name="Document").click()
    expect(page.get_by_text("Cannot be before the child's date of birth.")).to_be_visible()
    expect(page.get_by_label("CSEC type")).to_have_value("at_risk")
    assert_accessible(page, "client-csec-error")

    page.get_by_label("Start date").fill("2026-11-27")
    page.get_by_role("button", name="Document").click()
    expect(page.get_by_text("At Risk documented")).to_be_visible()
    expect(page.get_by_test_id("csec-row")).to_contain_text("At Risk")
    assert_accessible(page, "client")

    row = CsecRow.objects.get()
    assert (row.csec_type, str(row.start_date), row.created_by) == ("at_risk", "2026-11-27", cast.sw)
    assert row.history.get().history_user == cast.sw

    # The grid is edited in place: an end date before the start is refused on its row, then corrected.
    end_date = page.get_by_label("End date of the At Risk row from Nov 27, 2026")
    end_date.fill("2026-11-01")
    page.get_by_role("button", name="Save end date of At Risk").click()
    expect(page.get_by_test_id("csec-row").get_by_role("alert")).to_be_visible()
    assert_accessible(page, "client-csec-end-error")
    # Ended on its first day: the end date counts, so the row is no longer open from the next day.
    page.get_by_label("End date of the At Risk row from Nov 27, 2026").fill("2026-11-27")
    page.get_by_role("button", name="Save end date of At Risk").click()
    expect(page.get_by_text("At Risk row updated.")).to_be_visible()
    expect(page.get_by_test_id("csec-row")).to_contain_text("Ended")
    row.refresh_from_db()
    assert str(row.end_date) == "2026-11-27"

    # The worker finds the child again from the home page search.
    page.get_by_role("link", name="Home").click()
    page.get_by_role("searchbox", name="Search clients by name").fill("lopez")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Lopez, Maya")).to_be_visible()
    assert_accessible(page, "client-search")


def test_another_countys_client_page_is_not_found(cast, page):
    from datetime import date

    from referrals import services

    theirs = services.client_create(
        user=cast.sw_b,
        first_name="B",
        last_name="Child",
        date_of_birth=date(2012, 1, 1),
        foster_care_status="in_foster_care",
    )
    sign_in(page, "sw_a")
    answer = page.goto(f"/clients/{theirs.pk}/")
    assert answer is not None and answer.status == 404
