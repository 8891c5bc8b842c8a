"""Lists of clocks, episodes, reports and notifications name children: each record shown leaves an access event."""

from datetime import timedelta

import pytest
import time_machine

from accounts.models import AccessEvent
from reporting import triggers
from reporting.enforcement import sweep
from reporting.episodes import episode_record
from reporting.models import Deadline, Report
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def shown(user, via: str, record_type: str) -> list[str]:
    return sorted(
        AccessEvent.objects.filter(user=user, via=via, record_type=record_type).values_list(
            "record_id", flat=True
        )
    )


def test_episode_report_and_deadline_lists_record_each_row_shown(
    api, cast, child, make_client, travel
) -> None:
    other = make_client(worker=cast.sw_b)
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=NOW - timedelta(hours=2),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    episode_record(user=cast.sw_b, client=other, discovered_at=NOW, circumstance="lost")
    report = report_record(
        user=cast.sw,
        kind="law_enforcement_missing",
        client=child,
        missing_episode=episode,
        made_at=NOW - timedelta(hours=1),
        method="phone",
        agency_name="Oakland PD",
        missing_person_report_number="MP-1",
        ncic_entry_confirmed=True,
    )
    sw = api(cast.sw)

    sw.get("/api/v1/missing-episodes/")
    assert shown(cast.sw, "api", "referrals.missingepisode") == [str(episode.pk)]
    sw.get("/api/v1/reports/")
    assert shown(cast.sw, "api", "reporting.report") == [str(report.pk)]
    sw.get("/api/v1/deadlines/")
    mine = Deadline.objects.filter(client=child)
    assert mine.count() == 3  # law enforcement (met), NCMEC, reconfirmation
    assert shown(cast.sw, "api", "reporting.deadline") == sorted(
        str(pk) for pk in mine.values_list("pk", flat=True)
    )
    assert not AccessEvent.objects.filter(record_id__in=[str(other.pk)]).exists()
    assert Report.objects.count() == 1


def test_notifications_page_and_home_clocks_record_the_child_once(
    client, cast, child, make_victim_row
) -> None:
    with time_machine.travel(NOW - timedelta(hours=30), tick=False):
        triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=30)), cast.sw)
    sweep(NOW, send_email=False)
    client.force_login(cast.sw)

    assert "Dana Child" in client.get("/notifications/").content.decode()
    assert shown(cast.sw, "page", "referrals.client") == [str(child.pk)]
    AccessEvent.objects.all().delete()

    assert "Dana Child" in client.get("/").content.decode()
    assert shown(cast.sw, "page", "referrals.client") == [str(child.pk)]
