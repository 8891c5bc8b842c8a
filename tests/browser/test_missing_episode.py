"""A worker records a missing at-risk child, the two 24-hour clocks, the reports, the return and its screening."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals.models import Client
from reporting.models import Deadline
from screening.models import Screening

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COUNTY_ZONE = ZoneInfo("America/Los_Angeles")  # what the county's pages read typed times in


def test_missing_at_risk_child_from_missing_to_returned(cast, page, assert_accessible) -> None:
    child = Client.objects.create(
        county=cast.sw.county,
        created_by=cast.sw,
        assigned_worker=cast.sw,
        first_name="Maya",
        last_name="Reyes",
        date_of_birth=date(2011, 5, 2),
        foster_care_status="in_foster_care",
    )
    Screening.objects.create(
        county=child.county,
        client=child,
        performed_at=timezone.now() - timedelta(days=5),
        performed_by=cast.sw,
        context="visit",
        indicators=["controlled_or_groomed"],
        at_risk=True,
        basis="strong_indicator",
        rule_version="1",
    )
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/clocks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clocks for Maya Reyes")
    assert_accessible(page, "client-clocks-empty")

    page.get_by_role("link", name="Record that this child is missing").click()
    page.get_by_label("Last known location").fill("Fruitvale BART")
    page.get_by_role("button", name="Record missing").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    expect(page.get_by_label("Last known location")).to_have_value("Fruitvale BART")
    assert_accessible(page, "episode-new-error")

    discovered = timezone.localtime(timezone.now() - timedelta(hours=1), COUNTY_ZONE)
    page.get_by_label("Found missing at").fill(discovered.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Circumstance").select_option("runaway")
    page.get_by_label("Who may release photographs").fill("Sol Worker, Alameda DCFS")
    page.get_by_role("button", name="Record missing").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Reyes: missing episode")
    police = page.locator("tr[data-kind=law_enforcement_missing_report]")
    ncmec = page.locator("tr[data-kind=ncmec_report]")
    expect(police).to_contain_text("Open")
    expect(police.locator(".app-countdown")).to_contain_text("due in 22 h")
    expect(ncmec.locator(".app-countdown")).to_contain_text("due in 22 h")
    expect(page.get_by_test_id("ncmec-packet")).to_contain_text("3 items missing")
    assert_accessible(page, "episode-missing")

    page.get_by_role("link", name="Record: Law enforcement, missing child (NCIC)").click()
    page.get_by_label("Agency").fill("Oakland Police Department")
    page.get_by_label("Who took the report").fill("Officer Diaz #771")
    page.get_by_label("Missing-person report number").fill("MP-2026-0042")
    page.locator("label[for=id_ncic_entry_confirmed]").click()  # USWDS draws the box on the label
    expect(page.get_by_label("NCIC entry confirmed")).to_be_checked()
    assert_accessible(page, "report-law-enforcement")
    page.get_by_role("button", name="Record report").click()
    expect(page.locator("tr[data-kind=law_enforcement_missing_report]")).to_contain_text("Met on time")
    expect(page.get_by_test_id("ncmec-packet")).to_contain_text("NCMEC packet: complete")

    page.get_by_role("link", name="Record: NCMEC").click()
    expect(page.get_by_test_id("ncmec-packet")).to_contain_text("complete")
    page.get_by_label("Method").select_option("phone")
    page.get_by_label("Agency").fill("NCMEC call centre")
    assert_accessible(page, "report-ncmec")
    page.get_by_role("button", name="Record report").click()
    expect(page.locator("tr[data-kind=ncmec_report]")).to_contain_text("Met on time")

    page.get_by_label("Returned at").fill(
        timezone.localtime(timezone.now(), COUNTY_ZONE).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("What led to the absence").fill("Conflict with a placement peer")
    page.get_by_label("What happened while away").fill("Stayed with an older friend")
    page.get_by_role("button", name="Record return").click()
    expect(page.get_by_text("returned", exact=False).first).to_be_visible()
    expect(page.locator("tr[data-kind=return_assessment]")).to_contain_text("Open")
    expect(page.locator("tr[data-kind=whereabouts_reconfirmation]")).to_contain_text("Cancelled")
    assert_accessible(page, "episode-returned")

    # The return screening, on the screening page, reaches the clock through its hook.
    page.get_by_role("link", name="Record the return screening").click()
    expect(page.get_by_label("Context")).to_have_value("return_from_missing")
    page.locator("label[for=indicator-frequent_truancy]").click()
    page.get_by_role("button", name="Save screening").click()
    expect(page.get_by_text("Screening saved.")).to_be_visible()
    page.goto(f"/missing-episodes/{child.missing_episodes.get().pk}/")
    expect(page.locator("tr[data-kind=return_assessment]")).to_contain_text("Met on time")
    assert Deadline.objects.filter(client=child, met_at__isnull=True, cancelled_at__isnull=True).count() == 2
    page.get_by_test_id("notifications-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    assert_accessible(page, "notifications")


def test_client_page_shows_open_clocks_with_countdowns(cast, page, assert_accessible) -> None:
    from referrals.services import csec_row_document

    child = Client.objects.create(
        county=cast.sw.county,
        created_by=cast.sw,
        assigned_worker=cast.sw,
        first_name="Lena",
        last_name="Ortiz",
        date_of_birth=date(2010, 8, 9),
        foster_care_status="in_foster_care",
    )
    csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=timezone.localdate(timezone.now(), COUNTY_ZONE) - timedelta(days=3),
        information_received_at=timezone.now() - timedelta(hours=2),
    )
    sign_in(page, "sw_a")
    expect(page.get_by_role("link", name="Lena Ortiz")).to_be_visible()  # the home panel lists my open clocks
    page.goto(f"/clients/{child.pk}/")
    clock = page.locator("tr[data-kind=law_enforcement_report]")
    expect(clock).to_contain_text("Open")
    expect(clock.locator(".app-countdown")).to_contain_text("due in 21 h")
    assert_accessible(page, "client-detail-with-clocks")
    page.get_by_role("link", name="Record that this child is missing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record that Lena Ortiz is missing")
