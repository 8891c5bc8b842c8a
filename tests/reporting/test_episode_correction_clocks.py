"""The clocks follow a corrected episode, reconfirmation, return or report, and forget one entered in error
(reporting.episode_clocks, reporting.report_clocks): nothing collides, nothing is lost, and what reopens past due
is alerted again."""

from datetime import date, timedelta

import pytest
import time_machine

from referrals import services as case
from referrals.models import MissingEpisode
from reporting.enforcement import sweep
from reporting.episode_amendments import (
    episode_correct,
    episode_return_void,
    episode_void,
    reconfirmation_correct,
    reconfirmation_void,
)
from reporting.episodes import episode_record, episode_return, reconfirmation_record
from reporting.models import Deadline, Notification
from reporting.oversight import Scope, dashboard_for
from reporting.report_amendments import report_correct, report_void
from reporting.reports import report_record
from reporting.selectors import notifications_of

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
DAY = timedelta(days=1)
PERIOD = "whereabouts_reconfirmation"
MISSING_REPORTS = ("law_enforcement_missing_report", "ncmec_report")


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def ago(days: float = 0, hours: float = 0):
    return NOW - timedelta(days=days, hours=hours)


def clocks(episode_or_child, kind: str | None = None) -> list[Deadline]:
    field = "missing_episode" if isinstance(episode_or_child, MissingEpisode) else "client"
    found = Deadline.objects.filter(**{field: episode_or_child})
    return list((found.filter(kind=kind) if kind else found).order_by("due_at", "period"))


def standing(episode, kind: str) -> list[Deadline]:
    return [d for d in clocks(episode, kind) if d.cancelled_at is None]


def missing(cast, child, discovered_at, **extra) -> MissingEpisode:
    return episode_record(
        user=cast.sw, client=child, discovered_at=discovered_at, circumstance="runaway", **extra
    )


def report(cast, child, kind: str, made_at, episode=None, **extra):
    return report_record(
        user=cast.sw,
        kind=kind,
        client=child,
        missing_episode=episode,
        made_at=made_at,
        method="phone",
        agency_name="Oakland PD" if kind != "ncmec" else "NCMEC",
        **extra,
    )


def test_a_voided_episode_cancels_every_clock_it_started_and_leaves_the_dashboard(cast, child):
    episode = missing(cast, child, ago(70), reasonably_believed_cse=True, late_entry_reason="Paper file")
    sweep(NOW, send_email=False)
    board = dashboard_for(Scope(cast.supervisor), NOW, listed=10)
    assert {c.kind for c in board.overdue} == set(MISSING_REPORTS)
    assert [n.resolved for n in notifications_of(cast.sw)] == [False]
    episode_void(user=cast.sw, episode=episode, reason="Recorded on the wrong child")
    assert {(d.kind, d.cancelled_reason) for d in clocks(episode)} == {
        (PERIOD, "entered_in_error"),
        *((kind, "entered_in_error") for kind in MISSING_REPORTS),
    }
    board = dashboard_for(Scope(cast.supervisor), NOW + timedelta(minutes=1), listed=10)
    assert (board.overdue_count, board.overdue, board.on_time) == (0, [], [])
    assert [n.resolved for n in notifications_of(cast.sw)] == [True]
    assert sweep(NOW + DAY * 40, send_email=False).overdue_alerts == 0
    assert Notification.objects.count() == 2  # the sweep added no period to an episode entered in error
    assert len(clocks(episode)) == 5


def test_a_corrected_discovery_moves_the_periods_and_reuses_one_whose_due_time_still_matches(cast, child):
    episode = missing(cast, child, ago(10))
    [first] = clocks(episode, PERIOD)
    assert first.due_at == ago(10) + 30 * DAY
    episode_correct(
        user=cast.sw,
        episode=episode,
        discovered_at=ago(40),
        reason="The placement reported her gone a month earlier",
        late_entry_reason="The placement's log, read today",
    )
    periods = clocks(episode, PERIOD)
    assert [(p.due_at, p.period, p.cancelled_reason) for p in periods] == [
        (ago(10), 2, "missed"),  # the new anchor's first period was over: missed, one alert
        (ago(10) + 30 * DAY, 1, ""),  # the old period 1 is the new period 2: the same row, kept
    ]
    assert periods[1].pk == first.pk


def test_a_corrected_discovery_sets_aside_periods_that_no_longer_match_and_nothing_collides(cast, child):
    episode = missing(cast, child, ago(10))
    check = reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=ago(2))
    episode_correct(user=cast.sw, episode=episode, discovered_at=ago(5), reason="Typo in the day")
    episode_correct(user=cast.sw, episode=episode, discovered_at=ago(6), reason="Typo again")
    periods = clocks(episode, PERIOD)
    assert sorted((p.period, p.cancelled_reason) for p in periods) == [
        (1, "corrected"),
        (2, "corrected"),
        (3, ""),
    ]
    [live] = standing(episode, PERIOD)
    assert (live.started_at, live.due_at) == (ago(6), ago(6) + 30 * DAY)
    assert (live.met_at, live.met_by) == (check.confirmed_at, "Whereabouts reconfirmed")
    old = periods[0]
    assert (old.met_at, old.met_by_report_id) == (None, None)  # a period set aside counts nowhere


def test_the_missing_child_reports_follow_the_discovery_and_the_concern(cast, child):
    episode = missing(cast, child, ago(hours=30), reasonably_believed_cse=True)
    made = report(cast, child, "ncmec", ago(hours=20), episode)
    episode_correct(user=cast.sw, episode=episode, discovered_at=ago(hours=40), reason="Earlier")
    for kind in MISSING_REPORTS:
        [old] = [d for d in clocks(episode, kind) if d.cancelled_at]
        [new] = standing(episode, kind)
        assert (old.cancelled_reason, old.period, new.period) == ("corrected", 0, 1)
        assert (new.started_at, new.due_at) == (ago(hours=40), ago(hours=16))
    [ncmec] = standing(episode, "ncmec_report")
    assert (ncmec.met_by_report_id, ncmec.met_at, ncmec.met_late) == (made.pk, made.made_at, False)
    episode_correct(
        user=cast.sw, episode=episode, reasonably_believed_cse=False, reason="No concern after all"
    )
    assert all(not standing(episode, kind) for kind in MISSING_REPORTS)
    episode_correct(user=cast.sw, episode=episode, reasonably_believed_cse=True, reason="Concern after all")
    assert [d.period for kind in MISSING_REPORTS for d in standing(episode, kind)] == [2, 2]


def test_a_voided_report_reopens_its_clock_which_alerts_again(cast, child):
    row = case.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=date(2026, 6, 1),
        information_received_at=ago(hours=30),
    )
    made = report(cast, child, "law_enforcement", ago(hours=20))
    [clock] = clocks(child, "law_enforcement_report")
    assert clock.met_by_report_id == made.pk and clock.csec_row_id == row.pk
    assert sweep(NOW, send_email=False).overdue_alerts == 0
    report_void(user=cast.sw, report=made, reason="Made about another child")
    clock.refresh_from_db()
    assert (clock.met_at, clock.met_by_report_id, clock.status) == (None, None, "overdue")
    assert clock.history.first().history_change_reason.startswith("reopened:")
    assert sweep(NOW + timedelta(minutes=1), send_email=False).overdue_alerts == 1
    clock.refresh_from_db()
    assert clock.alert_sent_at is not None
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == ["sup_a", "sw_a"]


def test_a_voided_report_leaves_its_clock_to_another_standing_report(cast, child):
    episode = missing(cast, child, ago(hours=30), reasonably_believed_cse=True)
    first = report(cast, child, "ncmec", ago(hours=20), episode)
    second = report(cast, child, "ncmec", ago(hours=2), episode)
    report_void(user=cast.sw, report=first, reason="Duplicate entry of the call")
    [clock] = standing(episode, "ncmec_report")
    assert (clock.met_by_report_id, clock.met_at, clock.met_late) == (second.pk, second.made_at, True)


def test_a_corrected_report_moves_or_undoes_the_meeting(cast, child):
    episode = missing(cast, child, ago(hours=30), reasonably_believed_cse=True)
    made = report(cast, child, "law_enforcement_missing", ago(hours=20), episode, ncic_entry_confirmed=True)
    [clock] = standing(episode, "law_enforcement_missing_report")
    report_correct(user=cast.sw, report=made, made_at=ago(hours=3), reason="The call was later")
    clock.refresh_from_db()
    assert (clock.met_at, clock.met_late) == (ago(hours=3), True)
    report_correct(user=cast.sw, report=made, ncic_entry_confirmed=False, reason="NCIC entry not confirmed")
    clock.refresh_from_db()
    assert (clock.met_at, clock.met_by_report_id) == (None, None)
    report_correct(user=cast.sw, report=made, ncic_entry_confirmed=True, reason="Confirmed now")
    clock.refresh_from_db()
    assert clock.met_by_report_id == made.pk


def test_two_law_enforcement_clocks_never_stand_open_at_once(cast, child):
    def victim_row(hours: float, csec_type: str):
        case.csec_row_document(
            user=cast.sw,
            client=child,
            csec_type=csec_type,
            start_date=date(2026, 6, 1),
            information_received_at=ago(hours=hours),
        )

    victim_row(30, "victim_during_foster_care")
    made = report(cast, child, "law_enforcement", ago(hours=20))
    victim_row(3, "victim_open_case_not_in_foster_care")  # a new clock: the first one is met
    report_void(user=cast.sw, report=made, reason="Made about another child")
    [first, second] = clocks(child, "law_enforcement_report")
    assert (first.status, second.cancelled_reason) == ("overdue", "covered")
    assert Deadline.objects.filter(kind="law_enforcement_report", met_at=None, cancelled_at=None).count() == 1


def test_reconfirmations_voided_or_corrected_settle_the_periods_again(cast, child):
    episode = missing(cast, child, ago(45), late_entry_reason="Paper file")
    early = reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=ago(10))
    later = reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=ago(1))
    [period] = standing(episode, PERIOD)  # the first period (over before it was recorded) is missed
    assert period.met_at == early.confirmed_at
    reconfirmation_void(user=cast.sw, reconfirmation=early, reason="That call was about another child")
    period.refresh_from_db()
    assert period.met_at == later.confirmed_at
    reconfirmation_correct(user=cast.sw, reconfirmation=later, confirmed_at=ago(20), reason="Wrong day")
    period.refresh_from_db()
    assert (period.met_at, period.status) == (None, "open")  # the 20th day back is before this period began
    reconfirmation_void(user=cast.sw, reconfirmation=later, reason="Never made")
    period.refresh_from_db()
    assert period.met_at is None


def test_a_voided_return_reopens_the_episode_and_resumes_its_periods(cast, child):
    episode = missing(cast, child, ago(20), reasonably_believed_cse=True)
    report(cast, child, "ncmec", ago(19), episode)
    episode_return(user=cast.sw, episode=episode, returned_at=ago(2))
    assert {d.kind for d in clocks(episode) if d.cancelled_at is None and d.met_at is None} == {
        "law_enforcement_missing_report",
        "return_notice_ncmec",
        "return_assessment",
    }
    episode = episode_return_void(user=cast.sw, episode=episode, reason="Another child came back")
    assert episode.returned_at is None
    assert {(d.kind, d.cancelled_reason) for d in clocks(episode) if d.cancelled_at} == {
        ("return_notice_ncmec", "entered_in_error"),
        ("return_assessment", "entered_in_error"),
    }
    [period] = standing(episode, PERIOD)
    assert (period.status, period.due_at) == ("open", ago(20) + 30 * DAY)
    back = episode_return(user=cast.sw, episode=episode, returned_at=ago(1))
    assert [d.period for d in standing(back, "return_assessment")] == [1]


def test_a_voided_episode_sets_aside_what_its_return_closed_and_a_voided_report_its_notice(cast, child):
    episode = missing(cast, child, ago(20), reasonably_believed_cse=True)
    made = report(cast, child, "ncmec", ago(19), episode)
    episode_return(user=cast.sw, episode=episode, returned_at=ago(2))
    report_void(user=cast.sw, report=made, reason="The call was about another child")
    assert [d.cancelled_reason for d in clocks(episode, "return_notice_ncmec")] == ["entered_in_error"]
    assert standing(episode, "ncmec_report")[0].met_at is None
    episode_void(user=cast.sw, episode=episode, reason="Duplicate of another episode")
    assert {d.cancelled_reason for d in clocks(episode)} == {"entered_in_error"}


def test_a_corrected_return_moves_its_clocks(cast, child):
    episode = missing(cast, child, ago(20), reasonably_believed_cse=True)
    report(cast, child, "ncmec", ago(19), episode)
    episode_return(user=cast.sw, episode=episode, returned_at=ago(hours=5))
    notice = report(cast, child, "return_notice_ncmec", ago(hours=4), episode)
    episode_correct(
        user=cast.sw, episode=episode, returned_at=ago(hours=6), reason="Came back an hour earlier"
    )
    for kind in ("return_notice_ncmec", "return_assessment"):
        [old] = [d for d in clocks(episode, kind) if d.cancelled_at]
        [new] = standing(episode, kind)
        assert (old.cancelled_reason, new.started_at, new.period) == ("corrected", ago(hours=6), 1)
    assert standing(episode, "return_notice_ncmec")[0].met_by_report_id == notice.pk
