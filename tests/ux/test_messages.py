"""Every save is confirmed on the page it leads to, in one message a screen reader announces."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from referrals import services as record
from reporting import episodes
from training.models import Course

from ..conftest import county_today
from .text import read_text

pytestmark = pytest.mark.django_db


def local_minute(hours_ago: float, zone) -> str:
    return timezone.localtime(timezone.now() - timedelta(hours=hours_ago), zone).strftime("%Y-%m-%dT%H:%M")


def status_messages(page: str) -> list[str]:
    """The messages shown at the top of the page, in a live region (role=status)."""
    boxes = re.findall(r'<div class="usa-alert[^"]*" role="status">(.*?)</div>\s*</div>', page, re.S)
    return [read_text(box).strip() for box in boxes]


@pytest.fixture
def child(cast):
    return record.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Reyes",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


def test_recording_a_missing_episode_says_so(client, cast, child) -> None:
    client.force_login(cast.sw)
    answer = client.post(
        f"/clients/{child.pk}/missing/new/",
        {"discovered_at": local_minute(1, child.county.zone), "circumstance": "runaway"},
        follow=True,
    )
    assert status_messages(answer.content.decode()) == ["Missing episode recorded."]


def test_recording_a_report_and_a_locate_attempt_says_so(client, cast, child) -> None:
    episode = episodes.episode_record(
        user=cast.sw,
        client=child,
        discovered_at=timezone.now() - timedelta(hours=2),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    client.force_login(cast.sw)
    answer = client.post(
        f"/clients/{child.pk}/reports/ncmec/new/",
        {
            "episode": str(episode.pk),
            "made_at": local_minute(1, child.county.zone),
            "method": "phone",
            "agency_name": "NCMEC",
        },
        follow=True,
    )
    assert status_messages(answer.content.decode()) == ["Report recorded: NCMEC."]
    answer = client.post(
        f"/missing-episodes/{episode.pk}/locate/",
        {"attempted_at": local_minute(0.5, child.county.zone), "method": "Called her phone"},
        follow=True,
    )
    assert status_messages(answer.content.decode()) == ["Locate attempt recorded."]


def test_intake_and_a_csec_row_say_so(client, cast, child) -> None:
    client.force_login(cast.sw)
    answer = client.post(
        "/referrals/new/",
        {
            "existing_client": str(child.pk),
            "received_at": local_minute(1, child.county.zone),
            "receiving_agency": "child_welfare",
            "source": "school",
        },
        follow=True,
    )
    assert status_messages(answer.content.decode()) == ["Referral recorded."]
    start = county_today() - timedelta(days=1)
    answer = client.post(
        f"/clients/{child.pk}/csec-rows/",
        {"csec-csec_type": "at_risk", "csec-start_date": start.isoformat()},
        follow=True,
    )
    assert status_messages(answer.content.decode()) == [
        f"At Risk documented from {start:%b} {start.day}, {start.year}."
    ]


def test_a_training_completion_and_reading_the_notifications_say_so(client, cast) -> None:
    course = Course.objects.create(county=cast.sw.county, title="CSEC 101", required=True)
    client.force_login(cast.sw)
    answer = client.post(
        "/training/", {"course": str(course.pk), "completed_on": county_today().isoformat()}, follow=True
    )
    assert status_messages(answer.content.decode()) == [f"Completion of CSEC 101 recorded for {cast.sw}."]
    answer = client.post("/notifications/read/", follow=True)
    assert status_messages(answer.content.decode()) == ["Every notification marked read."]


def test_a_message_is_shown_once(client, cast, child) -> None:
    client.force_login(cast.sw)
    client.post(
        f"/clients/{child.pk}/missing/new/",
        {"discovered_at": local_minute(1, child.county.zone), "circumstance": "runaway"},
        follow=True,
    )
    episode = child.missing_episodes.get()
    assert status_messages(client.get(f"/missing-episodes/{episode.pk}/").content.decode()) == []
