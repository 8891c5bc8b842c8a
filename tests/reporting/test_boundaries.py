"""Every clock kind at its boundary (one second before and after due), across both DST changes of 2026."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine

from referrals.models import Allegation
from reporting import triggers
from reporting.county_settings import clock_settings_of
from reporting.enforcement import sweep
from reporting.episodes import episode_record, episode_return
from reporting.models import Deadline, Notification
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db

# Saturday mornings before the Sunday changes: 8 March (spring forward), 1 November (fall back).
BEFORE_SPRING_FORWARD = at(2026, 3, 7, 17, 30)
BEFORE_FALL_BACK = at(2026, 10, 31, 16, 30)


def start_law_enforcement(cast, child, make_referral, start) -> None:
    referral = make_referral(child, start)
    allegation = Allegation.objects.create(
        county=child.county,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
        disposition="substantiated",
        disposition_at=start,
    )
    triggers.allegation_disposed(allegation, cast.sw)


def start_missing(cast, child, make_referral, start) -> None:
    episode_record(
        user=cast.sw, client=child, discovered_at=start, circumstance="abducted", reasonably_believed_cse=True
    )


def start_return(cast, child, make_referral, start) -> None:
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=start - timedelta(days=2),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    for kind in ("law_enforcement_missing", "ncmec"):
        report_record(
            user=cast.sw,
            kind=kind,
            client=child,
            missing_episode=episode,
            made_at=start - timedelta(days=1),
            method="phone",
            agency_name="X",
            ncic_entry_confirmed=True,
        )
    episode_return(user=cast.sw, episode=episode, returned_at=start)


def start_immediate(cast, child, make_referral, start) -> None:
    triggers.response_decided(make_referral(child, start, response_decision="immediate"), cast.sw)


def start_probation(cast, child, make_referral, start) -> None:
    triggers.referral_recorded(make_referral(child, start, receiving_agency="probation"), cast.po)


CASES: list[tuple[str, Any, timedelta]] = [
    ("law_enforcement_report", start_law_enforcement, timedelta(hours=24)),
    ("law_enforcement_missing_report", start_missing, timedelta(hours=24)),
    ("ncmec_report", start_missing, timedelta(hours=24)),
    ("whereabouts_reconfirmation", start_missing, timedelta(days=30)),
    ("return_notice_law_enforcement", start_return, timedelta(hours=24)),
    ("return_notice_ncmec", start_return, timedelta(hours=24)),
    ("return_assessment", start_return, timedelta(hours=72)),
    ("in_person_response", start_immediate, timedelta(hours=24)),
    ("child_welfare_agency_report", start_probation, timedelta(hours=24)),
]


@pytest.mark.parametrize(
    "start", [BEFORE_SPRING_FORWARD, BEFORE_FALL_BACK], ids=["spring-forward", "fall-back"]
)
@pytest.mark.parametrize(("kind", "begin", "elapsed"), CASES, ids=[case[0] for case in CASES])
def test_clock_kind_at_its_boundary_across_dst(
    cast, child, make_referral, kind, begin, elapsed, start
) -> None:
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        begin(cast, child, make_referral, start)
    deadline = Deadline.objects.get(client=child, kind=kind)
    assert deadline.due_at == start + elapsed  # elapsed time, whatever the wall clock did
    before: datetime = deadline.due_at - timedelta(seconds=1)
    after: datetime = deadline.due_at + timedelta(seconds=1)

    assert deadline.status_at(before) == "open"
    sweep(before, send_email=False)
    assert not Notification.objects.filter(deadlines=deadline, kind="overdue").exists()

    assert deadline.status_at(after) == "overdue"
    sweep(after, send_email=False)
    sweep(after + timedelta(minutes=1), send_email=False)
    alerted = Notification.objects.filter(deadlines=deadline, kind="overdue")
    assert sorted(alerted.values_list("user__username", flat=True)) == ["sup_a", "sw_a"]


@time_machine.travel(at(2026, 6, 15, 18, 0), tick=False)
def test_county_settings_set_the_return_clocks(cast, child, make_referral) -> None:
    settings = clock_settings_of(child.county)
    assert (settings.return_notice_hours, settings.return_assessment_hours) == (24, 72)
    settings.return_notice_hours, settings.return_assessment_hours = 12, 48
    settings.save()
    start = at(2026, 6, 15, 12, 0)
    start_return(cast, child, make_referral, start)
    assert Deadline.objects.get(kind="return_notice_ncmec").due_at == start + timedelta(hours=12)
    assert Deadline.objects.get(kind="return_assessment").due_at == start + timedelta(hours=48)
