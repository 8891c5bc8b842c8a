"""The printable packet of a report (API.md v1.1 `GET reports/{id}/print/`; DOMAIN.md §6): what the
law-enforcement call or the NCMEC form needs, as an HTML document, a page and a PDF."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.template.defaultfilters import date as date_filter
from django.test import Client as BrowserClient

from accounts.models import AccessEvent, County
from accounts.services import county_report_contact_set
from referrals import services as intake
from referrals.models import Client
from reporting.episodes import episode_record
from reporting.models import Report
from reporting.reports import report_record

from ..conftest import PASSWORD
from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
ZONE = ZoneInfo("America/Los_Angeles")
CONTACT = "Alameda CWS emergency response desk, 510-555-0100, er@acgov.invalid"


@dataclass
class Case:
    child: Client
    ncmec: Report
    missing: Report
    exploitation: Report


def shown_when(instant: datetime) -> str:
    """An instant as the packet shows it: the central format, in the county's zone."""
    return date_filter(instant.astimezone(ZONE), "DATETIME_FORMAT")


def shown_day(day: date) -> str:
    return date_filter(day, "DATE_FORMAT")


@pytest.fixture
def case(cast) -> Case:
    County.objects.filter(name="Alameda").update(report_contact=CONTACT)
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        child = intake.client_create(
            user=cast.sw,
            first_name="Maya",
            last_name="Reyes",
            date_of_birth=date(2011, 5, 2),
            foster_care_status="in_foster_care",
            sex="female",
        )
    with time_machine.travel(NOW, tick=False):
        exploitation = report_record(
            user=cast.sw,
            kind="law_enforcement",
            client=child,
            made_at=NOW - timedelta(hours=6),
            method="phone",
            agency_name="Oakland PD",
            recipient="Sgt. Lee #12",
            report_number="OPD-2026-1187",
        )
        discovered = NOW - timedelta(hours=3)
        episode = episode_record(
            user=cast.sw,
            client=child,
            discovered_at=discovered,
            circumstance="runaway",
            reasonably_believed_cse=True,
            last_seen_at=discovered - timedelta(hours=4),
            last_known_location="Fruitvale BART station",
            photo_release_contact="Sol Worker, Alameda DCFS",
            physical_description="5 ft 2 in, slim, black hair, red hoodie",
            risk_factors="Older boyfriend; new phone",
        )
        missing = report_record(
            user=cast.sw,
            kind="law_enforcement_missing",
            client=child,
            missing_episode=episode,
            made_at=NOW - timedelta(hours=2),
            method="phone",
            agency_name="Oakland PD",
            recipient="Ofc. Diaz #77",
            missing_person_report_number="MP-2026-0042",
            ncic_entry_confirmed=True,
        )
        ncmec = report_record(
            user=cast.sw,
            kind="ncmec",
            client=child,
            missing_episode=episode,
            made_at=NOW - timedelta(hours=1),
            method="web",
            agency_name="NCMEC",
            ncmec_case_number="NCMEC-1234567",
        )
    return Case(child=child, ncmec=ncmec, missing=missing, exploitation=exploitation)


def packet_url(report: Report) -> str:
    return f"/api/v1/reports/{report.pk}/print/"


@time_machine.travel(NOW, tick=False)
def test_the_ncmec_packet_shows_what_the_form_needs(cast, case, api) -> None:
    answer = api(cast.sw).get(packet_url(case.ncmec), {"format": "html"})
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/html")
    assert "no-store" in answer["Cache-Control"]
    html = answer.content.decode()
    assert 'data-packet="ncmec"' in html
    episode = case.ncmec.missing_episode
    assert episode is not None and episode.last_seen_at is not None
    for fact in (
        "Maya Reyes",
        shown_day(date(2011, 5, 2)),
        "Female",
        "5 ft 2 in, slim, black hair, red hoodie",
        "Older boyfriend; new phone",
        "Fruitvale BART station",
        shown_when(episode.last_seen_at),
        "Sol Worker, Alameda DCFS",  # who may release photographs
        "NCMEC-1234567",
        shown_when(case.ncmec.made_at),  # when the report was made
        shown_when(episode.discovered_at + timedelta(hours=24)),  # when it was due
        "Report to NCMEC",
        CONTACT,  # the county's contact
        "Alameda County Child Welfare Services",
        "Sol Worker (Social worker, sw_a@x.invalid)",  # the reporter
        "Ana Sup",  # the worker's supervisor
        "America/Los_Angeles",
    ):
        assert fact in html, fact
    assert 'data-testid="packet-photo"' in html
    # The packet check of DOMAIN.md §6, fed by the law-enforcement report made before it.
    assert 'data-testid="ncmec-packet"' in html
    assert "NCMEC packet: complete" in html
    assert "MP-2026-0042" in html and "Ofc. Diaz #77" in html


@time_machine.travel(NOW, tick=False)
def test_an_incomplete_ncmec_packet_says_what_is_missing(cast, case, api) -> None:
    episode = case.ncmec.missing_episode
    assert episode is not None
    type(episode).objects.filter(pk=episode.pk).update(photo_release_contact="", last_known_location="")
    html = api(cast.sw).get(packet_url(case.ncmec)).content.decode()
    assert "NCMEC packet: 2 items missing" in html
    assert "<strong>Missing</strong>: Who may release photographs" in html
    assert 'data-testid="packet-gaps"' in html
    assert "Place last seen, Who may release photographs" in html


@time_machine.travel(NOW, tick=False)
def test_the_law_enforcement_packets_are_their_own(cast, case, api) -> None:
    missing = api(cast.sw).get(packet_url(case.missing)).content.decode()
    assert 'data-packet="law_enforcement"' in missing
    assert "Report to law enforcement: a missing child (NCIC entry)" in missing
    for fact in ("MP-2026-0042", "Ofc. Diaz #77", "NCIC entry confirmed", "Fruitvale BART station", CONTACT):
        assert fact in missing, fact
    assert 'data-testid="ncmec-packet"' not in missing  # the NCMEC form's check is the NCMEC packet's
    assert 'data-testid="packet-gaps"' not in missing  # everything the call needs is there

    Report.objects.filter(pk=case.missing.pk).update(ncic_entry_confirmed=False)
    unconfirmed = api(cast.sw).get(packet_url(case.missing)).content.decode()
    assert "Still missing for the call:</strong> NCIC entry confirmed." in unconfirmed
    assert "NCMEC case number" not in missing

    exploitation = api(cast.sw).get(packet_url(case.exploitation)).content.decode()
    assert "Report to law enforcement: a child identified as a victim of exploitation" in exploitation
    for fact in ("OPD-2026-1187", "Sgt. Lee #12", "Maya Reyes", 'data-testid="packet-photo"', CONTACT):
        assert fact in exploitation, fact
    assert 'data-testid="packet-exploitation"' in exploitation
    assert 'data-testid="packet-episode"' not in exploitation


@time_machine.travel(NOW, tick=False)
def test_a_victim_row_shows_what_was_reported(cast, case, api) -> None:
    received = NOW - timedelta(hours=7)
    intake.csec_row_document(
        user=cast.sw,
        client=case.child,
        csec_type="victim_during_foster_care",
        start_date=date(2026, 6, 1),
        information_received_at=received,
    )
    html = api(cast.sw).get(packet_url(case.exploitation)).content.decode()
    assert "Victim During Foster Care, from 2026-06-01" in html
    assert shown_when(received) in html


@time_machine.travel(NOW, tick=False)
def test_the_pdf_is_a_real_pdf_to_download(cast, case, api) -> None:
    answer = api(cast.sw).get(packet_url(case.ncmec), {"format": "pdf"})
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "no-store" in answer["Cache-Control"]
    disposition = answer["Content-Disposition"]
    assert disposition == f'attachment; filename="ncmec-packet-2026-06-15-{str(case.ncmec.pk)[:8]}.pdf"'
    assert "Reyes" not in disposition  # the file name names no child
    pdf = answer.content
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 10_000  # text and fonts, not an empty page


@time_machine.travel(NOW, tick=False)
def test_each_kind_prints_its_own_pdf(cast, case, api) -> None:
    law = api(cast.sw).get(packet_url(case.missing), {"format": "pdf"})
    assert law.status_code == 200 and law.content.startswith(b"%PDF-")
    assert "law-enforcement-missing-packet-2026-06-15" in law["Content-Disposition"]


@time_machine.travel(NOW, tick=False)
def test_another_county_is_not_found(cast, case, api) -> None:
    for query in ({}, {"format": "html"}, {"format": "pdf"}):
        assert api(cast.sw_b).get(packet_url(case.ncmec), query).status_code == 404
    assert api(cast.sw_b).get("/api/v1/reports/not-a-uuid/print/").status_code == 404
    assert not AccessEvent.objects.filter(user=cast.sw_b).exists()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("wrong", ["docx", "json", "PDF", "html,pdf"])
def test_a_wrong_format_is_a_400(cast, case, api, wrong) -> None:
    answer = api(cast.sw).get(packet_url(case.ncmec), {"format": wrong})
    assert answer.status_code == 400
    assert "format" in answer.json()


def test_signed_out_is_refused(case, api) -> None:
    assert api().get(packet_url(case.ncmec)).status_code == 401


@time_machine.travel(NOW, tick=False)
def test_printing_reads_the_child(cast, case, api) -> None:
    api(cast.sw).get(packet_url(case.ncmec), {"format": "pdf"})
    read = AccessEvent.objects.filter(
        user=cast.sw, record_type="referrals.client", record_id=str(case.child.pk)
    )
    assert read.filter(via="api", path__contains="/print/").count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_html_document_has_no_inline_style_or_script(cast, case, api) -> None:
    html = api(cast.sw).get(packet_url(case.ncmec)).content.decode()
    assert "<style" not in html and "style=" not in html and "<script" not in html
    assert "/static/reporting/packet.css" in html


@time_machine.travel(NOW, tick=False)
def test_without_a_county_contact_the_packet_says_who_sets_it(cast, case, api) -> None:
    County.objects.filter(name="Alameda").update(report_contact="")
    html = api(cast.sw).get(packet_url(case.ncmec)).content.decode()
    assert "Not set: the county admin sets it" in html


@pytest.fixture
def browser(cast) -> BrowserClient:
    client = BrowserClient()
    assert client.login(username=cast.sw.username, password=PASSWORD)
    return client


@time_machine.travel(NOW, tick=False)
def test_the_episode_page_links_each_report_to_its_packet(case, browser) -> None:
    page = browser.get(f"/missing-episodes/{case.ncmec.missing_episode_id}/").content.decode()
    assert f"/reports/{case.ncmec.pk}/print/" in page
    assert f"/reports/{case.ncmec.pk}/print/pdf/" in page


@time_machine.travel(NOW, tick=False)
def test_the_print_page_and_its_pdf(cast, case, browser) -> None:
    page = browser.get(f"/reports/{case.ncmec.pk}/print/")
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Report to NCMEC: a missing child" in html and "NCMEC packet: complete" in html
    assert "data-print" in html and f"/reports/{case.ncmec.pk}/print/pdf/" in html
    assert "/static/css/print.css" in html and "/static/reporting/packet.css" in html

    pdf = browser.get(f"/reports/{case.ncmec.pk}/print/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"].startswith("attachment;")
    reads = AccessEvent.objects.filter(
        record_type="referrals.client", record_id=str(case.child.pk), via="page"
    )
    assert reads.filter(path__contains="/print/").count() == 2


@time_machine.travel(NOW, tick=False)
def test_the_print_page_of_another_county_is_not_found(cast, case) -> None:
    other = BrowserClient()
    assert other.login(username=cast.sw_b.username, password=PASSWORD)
    assert other.get(f"/reports/{case.ncmec.pk}/print/").status_code == 404
    assert other.get(f"/reports/{case.ncmec.pk}/print/pdf/").status_code == 404


def test_the_county_admin_sets_the_county_contact_on_the_settings_page(cast) -> None:
    admin = BrowserClient()
    admin.force_login(cast.admin)
    hours = {"return_notice_hours": "24", "return_assessment_hours": "72", "reminder_lead_hours": "4"}
    typed = "  Emergency response desk,\n 510-555-0100  "
    answer = admin.post("/clocks/settings/", {**hours, "report_contact": typed}, follow=True)
    assert answer.status_code == 200 and "Clock settings saved" in answer.content.decode()
    county = County.objects.get(name="Alameda")
    assert county.report_contact == "Emergency response desk, 510-555-0100"
    assert county.history.latest().history_user == cast.admin
    assert 'value="Emergency response desk, 510-555-0100"' in admin.get("/clocks/settings/").content.decode()

    too_long = admin.post("/clocks/settings/", {**hours, "report_contact": "x" * 301})
    assert too_long.status_code == 200 and 'id="id_report_contact_error"' in too_long.content.decode()
    assert County.objects.get(name="Alameda").report_contact == "Emergency response desk, 510-555-0100"


def test_only_the_county_admin_sets_the_contact(cast) -> None:
    with pytest.raises(PermissionDenied):
        county_report_contact_set(user=cast.supervisor, county=cast.supervisor.county, contact="Call me")
    with pytest.raises(PermissionDenied):
        county_report_contact_set(user=cast.admin, county=cast.sw_b.county, contact="Call me")
    assert County.objects.filter(report_contact="Call me").count() == 0
