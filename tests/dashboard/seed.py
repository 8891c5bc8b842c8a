"""Clocks in every state the dashboard reads, missing children and flagged ones, written straight to the tables
(the rules that make them are other tests' business)."""

from datetime import date, datetime, timedelta
from itertools import count
from zoneinfo import ZoneInfo

from django.utils import timezone

from referrals.models import Client, CsecRow, MissingEpisode
from reporting.models import MISSED, Deadline

LA = ZoneInfo("America/Los_Angeles")
SERIAL = count()


def child(worker, name: str | None = None) -> Client:
    return Client.objects.create(
        county=worker.county,
        first_name=name or f"Kid{next(SERIAL)}",
        last_name="Test",
        date_of_birth=date(2010, 1, 1),
        assigned_worker=worker,
        foster_care_status="in_foster_care",
    )


def clock(kid: Client, kind: str, due: datetime, **closed: object) -> Deadline:
    return Deadline.objects.create(
        county=kid.county,
        client=kid,
        kind=kind,
        assigned_to=kid.assigned_worker,
        started_at=due - timedelta(hours=24),
        due_at=due,
        remind_at=due - timedelta(hours=4),
        **closed,
    )


def met(kid: Client, kind: str, at: datetime, *, late: bool = False) -> Deadline:
    return clock(kid, kind, at - timedelta(hours=-1 if late else 1), met_at=at, met_late=late)


def missed(kid: Client, kind: str, at: datetime) -> Deadline:
    return clock(kid, kind, at - timedelta(days=2), cancelled_at=at, cancelled_reason=MISSED)


def missing(kid: Client, since: datetime, **extra: object) -> MissingEpisode:
    return MissingEpisode.objects.create(
        county=kid.county, client=kid, discovered_at=since, circumstance="runaway", **extra
    )


def reconfirmation(episode: MissingEpisode, period: int, due: datetime, **closed: object) -> Deadline:
    return Deadline.objects.create(
        county=episode.county,
        client=episode.client,
        kind="whereabouts_reconfirmation",
        missing_episode=episode,
        period=period,
        assigned_to=episode.client.assigned_worker,
        started_at=episode.discovered_at,
        due_at=due,
        remind_at=due - timedelta(hours=4),
        **closed,
    )


def flagged_child(worker) -> Client:
    """Identified as a victim 60 days ago, with no plan: flagged."""
    kid = child(worker)
    start = timezone.localdate(timezone=LA) - timedelta(days=60)
    CsecRow.objects.create(
        county=kid.county,
        client=kid,
        csec_type="victim_during_foster_care",
        start_date=start,
        information_received_at=timezone.now() - timedelta(days=60),
    )
    return kid


def a_bit_of_everything(worker, now: datetime) -> None:
    """One more child of `worker` with a clock in every state the dashboard reads, missing, and flagged."""
    kid = flagged_child(worker)
    clock(kid, "law_enforcement_report", now - timedelta(hours=3))  # overdue
    clock(kid, "ncmec_report", now + timedelta(hours=2))  # due soon
    clock(kid, "in_person_response", now + timedelta(days=5))  # neither
    met(kid, "ncmec_report", now - timedelta(days=3))
    met(kid, "return_notice_ncmec", now - timedelta(days=10), late=True)
    missed(kid, "return_assessment", now - timedelta(days=20))
    episode = missing(kid, now - timedelta(days=40))
    reconfirmation(episode, 1, episode.discovered_at + timedelta(days=30), met_at=now - timedelta(days=11))
    reconfirmation(episode, 2, episode.discovered_at + timedelta(days=60))
