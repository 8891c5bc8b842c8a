"""A child with a full record (CSEC rows, referral, screening, clocks, a missing episode still open, a report,
a case plan), made through the services, for the tests that read every page a worker reads in a day."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from caseplans import services as plans
from referrals import services as record
from referrals.models import Client, MissingEpisode, Referral
from reporting import episodes, reports
from screening import services as screening

from ..conftest import Cast, county_today


@dataclass
class BusyChild:
    child: Client
    referral: Referral
    episode: MissingEpisode


def busy_child(cast: Cast, first_name: str = "Maya", last_name: str = "Reyes") -> BusyChild:
    """A child in foster care, identified as a victim, now missing; every panel of the child's page has rows."""
    now = timezone.now()
    today = county_today()
    child = record.client_create(
        user=cast.sw,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )
    referral = record.referral_create(
        user=cast.sw,
        client=child,
        received_at=now - timedelta(days=3),
        source="school",
        alleges_cse=True,
        narrative="Seen leaving school with an older adult.",
    )
    at_risk = record.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="at_risk",
        start_date=today - timedelta(days=20),
        end_date=today - timedelta(days=4),
        information_received_at=now - timedelta(days=20),
    )
    record.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=today - timedelta(days=3),
        information_received_at=now - timedelta(days=3),
    )
    record.csec_row_void(user=cast.sw, row=at_risk, reason="Typed on the wrong child's record.")
    screening.screening_record(
        user=cast.sw,
        client=child,
        referral=referral,
        performed_at=now - timedelta(days=2),
        context="intake",
        indicators=["controlled_or_groomed"],
    )
    plans.case_plan_save(
        user=cast.sw,
        client=child,
        assessment_date=today - timedelta(days=1),
        goal="Safety",
        addresses_cse=True,
    )
    episode = episodes.episode_record(
        user=cast.sw,
        client=child,
        discovered_at=now - timedelta(hours=2),
        last_seen_at=now - timedelta(hours=5),
        last_known_location="Fruitvale BART",
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    reports.report_record(
        user=cast.sw,
        kind="law_enforcement_missing",
        client=child,
        missing_episode=episode,
        made_at=now - timedelta(hours=1),
        method="phone",
        agency_name="Oakland Police Department",
        recipient="Officer Diaz #771",
        missing_person_report_number="MP-2026-0042",
    )
    episodes.locate_attempt_record(
        user=cast.sw, episode=episode, attempted_at=now - timedelta(minutes=30), method="Called her phone"
    )
    return BusyChild(child=child, referral=referral, episode=episode)
