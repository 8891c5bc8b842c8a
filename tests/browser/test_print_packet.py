"""A worker prints the NCMEC report's packet (its page, its PDF), and a child's record and the dashboard print
for paper: the navigation and the forms stay on the screen."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import County
from referrals import services as intake
from referrals.models import Client
from reporting.episodes import episode_record
from reporting.reports import report_record

from .conftest import ARTIFACTS, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
PDF_WAIT = 60_000  # ms: laying out a PDF on a busy machine may take longer than a page


@pytest.fixture
def child(cast) -> Client:
    County.objects.filter(name="Alameda").update(report_contact="Emergency response desk, 510-555-0100")
    maya = intake.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Reyes",
        date_of_birth=date(2011, 5, 2),
        foster_care_status="in_foster_care",
    )
    intake.csec_row_document(
        user=cast.sw,
        client=maya,
        csec_type="at_risk",
        start_date=timezone.localdate() - timedelta(days=10),
        information_received_at=timezone.now() - timedelta(days=10),
    )
    now = timezone.now()
    episode = episode_record(
        user=cast.sw,
        client=maya,
        discovered_at=now - timedelta(hours=3),
        circumstance="runaway",
        reasonably_believed_cse=True,
        last_seen_at=now - timedelta(hours=6),
        last_known_location="Fruitvale BART station",
        photo_release_contact="Sol Worker, Alameda DCFS",
        physical_description="5 ft 2 in, slim, black hair, red hoodie",
    )
    report_record(
        user=cast.sw,
        kind="law_enforcement_missing",
        client=maya,
        missing_episode=episode,
        made_at=now - timedelta(hours=2),
        method="phone",
        agency_name="Oakland Police Department",
        recipient="Officer Diaz #771",
        missing_person_report_number="MP-2026-0042",
        ncic_entry_confirmed=True,
    )
    report_record(
        user=cast.sw,
        kind="ncmec",
        client=maya,
        missing_episode=episode,
        made_at=now - timedelta(hours=1),
        method="web",
        agency_name="NCMEC",
        ncmec_case_number="NCMEC-1234567",
    )
    return maya


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width  # type: ignore[index]


def print_screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"test_print_packet-{name}.png", full_page=True)


def test_a_worker_prints_the_ncmec_packet(cast, child, page, assert_accessible) -> None:
    page.set_viewport_size(WIDE)
    sign_in(page, "sw_a")
    episode = child.missing_episodes.get()
    page.goto(f"/missing-episodes/{episode.pk}/")
    page.get_by_role("link", name=re.compile(r"^Print the packet of the NCMEC report")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Report to NCMEC: a missing child")
    packet = page.get_by_test_id("packet")
    expect(packet).to_have_attribute("data-packet", "ncmec")
    expect(page.get_by_test_id("ncmec-packet")).to_contain_text("NCMEC packet: complete")
    expect(page.get_by_test_id("packet-photo")).to_be_visible()
    expect(page.get_by_test_id("packet-county")).to_contain_text("Emergency response desk, 510-555-0100")
    expect(page.get_by_test_id("packet-episode")).to_contain_text("Fruitvale BART station")
    expect(page.get_by_test_id("packet-when")).to_contain_text("met on time")
    no_sideways_scroll(page)
    assert_accessible(page, "packet-1280")

    page.set_viewport_size(PHONE)
    no_sideways_scroll(page)
    assert_accessible(page, "packet-390")

    with page.expect_download(timeout=PDF_WAIT) as download_info:
        page.get_by_role("link", name="Download PDF").click(timeout=PDF_WAIT)
    download = download_info.value
    assert re.fullmatch(r"ncmec-packet-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.pdf", download.suggested_filename)
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    page.set_viewport_size(WIDE)
    page.emulate_media(media="print")
    expect(page.locator(".usa-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_test_id("packet-photo")).to_be_visible()
    print_screenshot(page, "ncmec-print")


def test_the_childs_record_prints_for_paper(cast, child, page, assert_accessible) -> None:
    page.set_viewport_size(WIDE)
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Reyes")
    csec_form = page.locator("#csec-form")
    expect(csec_form).to_be_visible()
    assert_accessible(page, "record-screen")

    page.emulate_media(media="print")
    expect(page.locator(".usa-header")).to_be_hidden()
    expect(csec_form).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_test_id("csec-row").first).to_be_visible()
    expect(page.locator(".usa-footer")).to_contain_text("Confidential")
    no_sideways_scroll(page)
    print_screenshot(page, "record-print")


def test_the_dashboard_prints_for_paper(cast, child, page) -> None:
    page.set_viewport_size(WIDE)
    sign_in(page, "sup_a")
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clocks of")
    page.emulate_media(media="print")
    expect(page.locator(".usa-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    no_sideways_scroll(page)
    print_screenshot(page, "dashboard-print")
