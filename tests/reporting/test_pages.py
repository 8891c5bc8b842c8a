"""Pages of the clocks: county scoping, errors next to fields, access events, the sweep command."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import AccessEvent
from referrals.models import MissingEpisode
from reporting import triggers
from reporting.episodes import episode_record
from reporting.models import Notification, Report

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def test_pages_of_another_county_are_not_found(client, cast, child, travel) -> None:
    episode = episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="lost")
    client.force_login(cast.sw_b)
    for path in (
        f"/clients/{child.pk}/clocks/",
        f"/clients/{child.pk}/missing/new/",
        f"/clients/{child.pk}/reports/law_enforcement/new/",
        f"/missing-episodes/{episode.pk}/",
        "/clients/not-a-uuid/clocks/",
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(
            f"/missing-episodes/{episode.pk}/return/", {"returned_at": "2026-06-15T10:00"}
        ).status_code
        == 404
    )
    assert MissingEpisode.objects.get().returned_at is None


def test_client_clocks_page_shows_zone_and_records_the_read(
    client, cast, child, make_victim_row, travel
) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=1)), cast.sw)
    client.force_login(cast.sw)
    page = client.get(f"/clients/{child.pk}/clocks/").content.decode()
    assert "Report to law enforcement" in page and "Times are Pacific Time." in page
    assert "Jun 16, 2026, 10:00 AM" in page  # 17:00 UTC the next day, shown in Pacific time
    assert AccessEvent.objects.filter(record_id=str(child.pk), via="page").count() == 1


def test_bad_return_keeps_what_was_typed_and_saves_nothing(client, cast, child, travel) -> None:
    episode = episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="lost")
    client.force_login(cast.sw)
    answer = client.post(
        f"/missing-episodes/{episode.pk}/return/",
        {
            "returned_at": "2026-06-15T09:00",
            "absence_factors": "Argument at home",
        },  # before discovery (11:00 PDT)
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Cannot be before the child was found missing." in page and "Argument at home" in page
    assert MissingEpisode.objects.get().returned_at is None
    assert client.post(f"/missing-episodes/{episode.pk}/fly/", {}).status_code == 404


def test_probation_officer_ncmec_report_by_web_is_refused_on_the_page(client, cast, child, travel) -> None:
    client.force_login(cast.po)
    answer = client.post(
        f"/clients/{child.pk}/reports/ncmec/new/",
        {"kind": "ncmec", "made_at": "2026-06-15T10:00", "method": "web", "agency_name": "NCMEC"},
    )
    assert answer.status_code == 200 and "method phone" in answer.content.decode()
    assert not Report.objects.exists()


def test_each_report_form_asks_only_for_what_its_kind_carries(client, cast, child, travel) -> None:
    client.force_login(cast.sw)
    ncmec = client.get(f"/clients/{child.pk}/reports/ncmec/new/").content.decode()
    missing = client.get(f"/clients/{child.pk}/reports/law_enforcement_missing/new/").content.decode()
    assert 'name="ncmec_case_number"' in ncmec and 'name="ncmec_case_number"' not in missing
    for name in ("missing_person_report_number", "ncic_entry_confirmed"):
        assert f'name="{name}"' in missing and f'name="{name}"' not in ncmec
    assert client.get(f"/clients/{child.pk}/reports/parade/new/").status_code == 404


def test_the_kind_recorded_is_the_pages_whatever_is_posted(client, cast, child, travel) -> None:
    client.force_login(cast.sw)
    answer = client.post(
        f"/clients/{child.pk}/reports/law_enforcement/new/",
        {"kind": "ncmec", "made_at": "2026-06-15T10:00", "method": "phone", "agency_name": "Oakland PD"},
    )
    assert answer.status_code == 302
    assert Report.objects.get().kind == "law_enforcement"


def test_enforce_deadlines_runs_one_sweep(cast, child, make_victim_row) -> None:
    with time_machine.travel(NOW - timedelta(hours=30), tick=False):
        triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=30)), cast.sw)
    out = StringIO()
    call_command("enforce_deadlines", stdout=out)
    assert "overdue alerts: 1" in out.getvalue()
    call_command("enforce_deadlines", stdout=out)
    assert Notification.objects.filter(kind="overdue").count() == 2


def test_notifications_badge_and_page(client, cast, child, make_victim_row) -> None:
    with time_machine.travel(NOW - timedelta(hours=30), tick=False):
        triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=30)), cast.sw)
    call_command("enforce_deadlines", stdout=StringIO())
    client.force_login(cast.supervisor)
    assert "Notifications (1 unread)" in client.get("/").content.decode()
    page = client.get("/notifications/").content.decode()
    assert "Overdue" in page and "Dana Child" in page
    client.post("/notifications/read/")
    assert "unread" not in client.get("/").content.decode()
    assert Notification.objects.get(user=cast.supervisor).read_at is not None


def test_documenting_exploitation_while_absent_from_the_episode_page(client, cast, child, travel) -> None:
    from reporting.episodes import episode_return

    episode = episode_record(
        user=cast.sw, client=child, discovered_at=NOW - timedelta(days=2), circumstance="lost"
    )
    client.force_login(cast.sw)
    client.post(f"/missing-episodes/{episode.pk}/exploited/")
    assert not child.csec_rows.exists()  # not before the return
    episode_return(user=cast.sw, episode=episode, returned_at=NOW)
    page = client.post(f"/missing-episodes/{episode.pk}/exploited/", follow=True).content.decode()
    assert "A law enforcement report is owed" in page
    assert child.csec_rows.get().csec_type == "victim_while_absent_from_placement"
    assert child.deadlines.filter(kind="law_enforcement_report").exists()
