"""One shape for days and one for instants on every page a worker reads in a day, and in the alert e-mail, in the
county's zone, which each page names once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.formats import get_format

from reporting import episodes
from reporting.enforcement import sweep
from reporting.models import Deadline
from screening.models import Screening

from .seed import busy_child
from .text import DATE_SHOWN, DATETIME_SHOWN, read_text, stray_dates

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def travel():
    """10:00 Pacific on a summer day."""
    with time_machine.travel(datetime.fromisoformat("2026-06-15T17:00:00+00:00"), tick=False):
        yield


def test_the_formats_are_set_once_for_the_whole_site() -> None:
    assert settings.FORMAT_MODULE_PATH == ["cse_casework.formats"]
    assert get_format("DATE_FORMAT") == "M j, Y"
    assert get_format("DATETIME_FORMAT") == "M j, Y, g:i A"


def pages_of_the_day(cast, client) -> list[str]:
    busy = busy_child(cast)
    returned = busy_child(cast, first_name="Rosa", last_name="Diaz")
    episodes.episode_return(user=cast.sw, episode=returned.episode, returned_at=timezone.now())
    screening = Screening.objects.filter(client=busy.child).get()
    report = busy.episode.reports.get()
    attempt = busy.episode.locate_attempts.get()
    row = busy.child.csec_rows.filter(entered_in_error_at__isnull=True).get()
    sweep(send_email=False)  # the overdue law-enforcement clock is alerted: the inbox has a notification
    client.force_login(cast.sw)
    return [
        "/",
        "/clients/",
        f"/clients/?q={busy.child.last_name}",
        f"/clients/{busy.child.pk}/",
        f"/clients/{busy.child.pk}/clocks/",
        f"/referrals/{busy.referral.pk}/",
        f"/missing-episodes/{busy.episode.pk}/",
        f"/missing-episodes/{returned.episode.pk}/",
        f"/clients/{busy.child.pk}/missing/new/",
        f"/clients/{busy.child.pk}/reports/ncmec/new/?episode={busy.episode.pk}",
        f"/screenings/{screening.pk}/",
        f"/screenings/new/?referral={busy.referral.pk}",
        f"/clients/{busy.child.pk}/case-plan/",
        f"/reports/{report.pk}/correct/",
        f"/locate-attempts/{attempt.pk}/void/",
        f"/csec-rows/{row.pk}/correct/",
        f"/referrals/{busy.referral.pk}/void/",
        "/referrals/new/",
        "/notifications/",
        "/training/",
    ]


def test_every_page_of_the_day_shows_days_and_instants_in_the_chosen_shapes(cast, client, travel) -> None:
    strays = {}
    for path in pages_of_the_day(cast, client):
        answer = client.get(path)
        assert answer.status_code == 200, path
        html = answer.content.decode()
        if found := stray_dates(html):
            strays[path] = found
    assert strays == {}


def test_instants_are_in_the_county_zone_and_the_zone_is_named_once_per_page(cast, client, travel) -> None:
    busy = busy_child(cast)
    client.force_login(cast.sw)
    for path in ("/", f"/clients/{busy.child.pk}/", f"/missing-episodes/{busy.episode.pk}/", "/clients/"):
        text = read_text(client.get(path).content.decode())
        assert text.count("Times are Pacific Time.") == 1, path
        assert "Pacific Time" not in text.replace("Times are Pacific Time.", ""), path
        assert "America/Los_Angeles" not in text, path
    # Found missing two hours ago: 08:00 Pacific, 15:00 UTC.
    page = read_text(client.get(f"/missing-episodes/{busy.episode.pk}/").content.decode())
    assert "Found missing Jun 15, 2026, 8:00 AM" in page
    child_page = read_text(client.get(f"/clients/{busy.child.pk}/").content.decode())
    assert "May 4, 2011" in child_page  # the date of birth, a day


def test_a_day_shown_is_the_countys_day_not_utcs(cast, client) -> None:
    # 17:30 Pacific on June 15 is already June 16 in UTC.
    with time_machine.travel(datetime.fromisoformat("2026-06-16T00:30:00+00:00"), tick=False):
        busy = busy_child(cast)
        client.force_login(cast.sw)
        page = read_text(client.get(f"/clients/{busy.child.pk}/").content.decode())
    assert "Jun 12, 2026, 5:30 PM" in page  # the referral, received three days before
    assert "(as of Jun 15, 2026)" in page  # the CWS category of the county's today


def test_the_alert_e_mail_reads_like_the_pages(cast, mailoutbox, travel) -> None:
    busy_child(cast)
    sweep()
    overdue = [m for m in mailoutbox if "OVERDUE" in m.subject]
    assert overdue
    clock = Deadline.objects.get(kind="law_enforcement_report")
    due = timezone.localtime(clock.due_at, PACIFIC)
    shown = f"{due:%b} {due.day}, {due.year}, {due:%-I:%M %p}"
    for message in overdue:
        assert f"Due: {shown}" in message.body
        assert message.body.count("Pacific Time") == 1
        html = message.alternatives[0][0]
        assert shown in html and read_text(html).count("Pacific Time") == 1
        assert stray_dates(html) == [] and stray_dates(message.body) == []


def test_the_scan_finds_every_other_shape() -> None:
    html = (
        "<p>2026-06-15 · 06/15/2026 · Mon 15 Jun 2026, 10:00 · Jun 15 · 10:00 (UTC)</p>"
        '<input value="2026-06-15"><time datetime="2026-06-15T10:00:00-07:00">Jun 15, 2026, 10:00 AM</time>'
        "<p>Born May 4, 2011.</p>"
    )
    kinds = {stray.split(":")[0] for stray in stray_dates(html)}
    assert kinds == {"ISO day", "slashed day", "clock time", "month name", "weekday", "zone abbreviation"}
    assert DATETIME_SHOWN.search("Jun 15, 2026, 10:00 AM") and DATE_SHOWN.search("May 4, 2011")
    assert stray_dates("<p>Jun 15, 2026, 10:00 AM and May 4, 2011</p>") == []
