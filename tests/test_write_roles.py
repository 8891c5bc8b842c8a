"""Every write service checks the acting role: each service against each role of the county, allowed or refused."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import User
from caseplans import services as plans
from caseplans.models import CasePlan, PlannedService
from referrals import services as record
from referrals.models import Allegation, Client, CsecRow, MissingEpisode, Referral
from reporting import county_settings, episodes, reports
from screening import services as screening
from screening.models import Screening
from training import services as training

from .conftest import county_today

pytestmark = pytest.mark.django_db

WRITERS = {"sw", "po", "supervisor"}
ADMIN = {"admin"}
ROLES = ("sw", "po", "supervisor", "admin")


@dataclass
class World:
    """One child with what each write builds on, made by the social worker."""

    sw: User
    child: Client
    referral: Referral
    allegation: Allegation
    row: CsecRow
    screening: Screening
    episode: MissingEpisode
    plan: CasePlan
    service: PlannedService


@pytest.fixture
def world(cast) -> World:
    now, today = timezone.now(), county_today()
    child = record.client_create(
        user=cast.sw,
        first_name="Rosa",
        last_name="Vega",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )
    referral = record.referral_create(
        user=cast.sw, client=child, received_at=now - timedelta(hours=2), source="school", alleges_cse=True
    )
    allegation = record.allegation_create(
        user=cast.sw,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    row = record.csec_row_document(user=cast.sw, client=child, csec_type="at_risk", start_date=today)
    found = screening.screening_record(
        user=cast.sw, client=child, performed_at=now, context="visit", indicators=["controlled_or_groomed"]
    )
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=now - timedelta(hours=1), circumstance="runaway"
    )
    plan = plans.case_plan_save(
        user=cast.sw, client=child, assessment_date=today, goal="Safety", addresses_cse=True
    )
    service = plans.service_add(
        user=cast.sw, plan=plan, provider="Clinic", description="Therapy", referred_on=today
    )
    return World(cast.sw, child, referral, allegation, row, found, episode, plan, service)


def now() -> timezone.datetime:
    return timezone.now()


WRITES: dict[str, tuple[set[str], Callable[[User, World], object]]] = {
    "client_create": (
        WRITERS,
        lambda u, w: record.client_create(
            user=u,
            first_name="Ana",
            last_name="Diaz",
            date_of_birth=date(2012, 1, 1),
            foster_care_status="in_foster_care",
        ),
    ),
    "client_update": (
        WRITERS,
        lambda u, w: record.client_update(user=u, client=w.child, first_name="Rosalind"),
    ),
    "referral_create": (
        WRITERS,
        lambda u, w: record.referral_create(
            user=u, client=w.child, received_at=now(), source="school", alleges_cse=False
        ),
    ),
    "referral_update": (
        WRITERS,
        lambda u, w: record.referral_update(user=u, referral=w.referral, narrative="More"),
    ),
    "response_decision_record": (
        WRITERS,
        lambda u, w: record.response_decision_record(user=u, referral=w.referral, decision="immediate"),
    ),
    "contact_record": (
        WRITERS,
        lambda u, w: record.contact_record(
            user=u, referral=w.referral, contact_type="child", made_at=now(), in_person=True
        ),
    ),
    "allegation_create": (
        WRITERS,
        lambda u, w: record.allegation_create(
            user=u,
            referral=w.referral,
            victim=w.child,
            allegation_type="sexual_exploitation",
            perpetrator_relationship="other",
        ),
    ),
    "allegation_dispose": (
        WRITERS,
        lambda u, w: record.allegation_dispose(user=u, allegation=w.allegation, disposition="inconclusive"),
    ),
    "csec_row_document": (
        WRITERS,
        lambda u, w: record.csec_row_document(
            user=u, client=w.child, csec_type="victim_during_foster_care", start_date=county_today()
        ),
    ),
    "csec_row_end": (
        WRITERS,
        lambda u, w: record.csec_row_end(user=u, row=w.row, end_date=county_today()),
    ),
    "screening_record": (
        WRITERS,
        lambda u, w: screening.screening_record(
            user=u, client=w.child, performed_at=now(), context="visit", indicators=[]
        ),
    ),
    "episode_record": (
        WRITERS,
        lambda u, w: episodes.episode_record(
            user=u,
            client=record.client_create(
                user=w.sw,
                first_name="Eli",
                last_name="Ruiz",
                date_of_birth=date(2010, 2, 2),
                foster_care_status="in_foster_care",
            ),
            discovered_at=now(),
            circumstance="runaway",
        ),
    ),
    "locate_attempt_record": (
        WRITERS,
        lambda u, w: episodes.locate_attempt_record(
            user=u, episode=w.episode, attempted_at=now(), method="phone"
        ),
    ),
    "reconfirmation_record": (
        WRITERS,
        lambda u, w: episodes.reconfirmation_record(user=u, episode=w.episode, confirmed_at=now()),
    ),
    "episode_return": (
        WRITERS,
        lambda u, w: episodes.episode_return(user=u, episode=w.episode, returned_at=now()),
    ),
    "report_record": (
        WRITERS,
        lambda u, w: reports.report_record(
            user=u,
            kind="law_enforcement",
            client=w.child,
            made_at=now(),
            method="phone",
            agency_name="Police",
        ),
    ),
    "case_plan_save": (
        WRITERS,
        lambda u, w: plans.case_plan_save(
            user=u, client=w.child, assessment_date=county_today(), goal="Stay safe", addresses_cse=True
        ),
    ),
    "service_add": (
        WRITERS,
        lambda u, w: plans.service_add(
            user=u,
            plan=w.plan,
            provider="Advocate",
            description="Mentoring",
            referred_on=county_today(),
        ),
    ),
    "service_update": (
        WRITERS,
        lambda u, w: plans.service_update(user=u, service=w.service, provider="Clinic B"),
    ),
    "cft_meeting_add": (
        WRITERS,
        lambda u, w: plans.cft_meeting_add(
            user=u,
            plan=w.plan,
            held_on=county_today(),
            participants="Youth, worker",
            decisions="Plan kept",
        ),
    ),
    "plan_due_days_set": (
        ADMIN,
        lambda u, w: plans.plan_due_days_set(user=u, county=w.child.county, days=45),
    ),
    "clock_settings_set": (
        ADMIN,
        lambda u, w: county_settings.clock_settings_set(user=u, county=w.child.county, reminder_lead_hours=6),
    ),
    "course_create": (
        ADMIN,
        lambda u, w: training.course_create(
            user=u, title="Local CSEC refresher", required_roles=["social_worker"]
        ),
    ),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(WRITES))
def test_each_write_service_allows_exactly_its_roles(cast, world, name, role):
    allowed, write = WRITES[name]
    user = getattr(cast, role)
    if role in allowed:
        assert write(user, world) is not None
    else:
        with pytest.raises(PermissionDenied):
            write(user, world)
