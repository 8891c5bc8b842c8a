"""Every list endpoint costs the same number of queries for a few rows as for many: no query per row."""

from collections.abc import Callable
from datetime import date, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import user_create
from caseplans import services as plans
from referrals import services as record
from referrals.models import Client, CsecRow
from reporting import episodes, reports
from reporting.enforcement import sweep
from screening import services as screening
from training import services as training
from training.models import Course

from .conftest import county_today

pytestmark = pytest.mark.django_db
SERIAL = count()


def new_child(cast) -> Client:
    return record.client_create(
        user=cast.sw,
        first_name=f"Child{next(SERIAL)}",
        last_name="Listed",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


def victim(cast) -> Client:
    child = new_child(cast)
    record.csec_row_document(
        user=cast.sw, client=child, csec_type="victim_during_foster_care", start_date=county_today()
    )
    return child


class Case:
    """A list endpoint: the path it is read at (given what `setup` made) and how to add one row to it."""

    def __init__(
        self, path: str, add: Callable[..., object], setup: Callable[..., object] | None = None
    ) -> None:
        self.path, self.add, self.setup = path, add, setup


def referral_of(cast, child: Client):
    return record.referral_create(
        user=cast.sw, client=child, received_at=timezone.now(), source="school", alleges_cse=True
    )


def plan_of(cast):
    child = victim(cast)
    return plans.case_plan_save(
        user=cast.sw, client=child, assessment_date=county_today(), goal="Safety", addresses_cse=True
    )


def past_row(cast, child: Client) -> None:
    start = county_today() - timedelta(days=400 - 3 * CsecRow.objects.filter(client=child).count())
    CsecRow.objects.create(
        county=child.county,
        client=child,
        csec_type="at_risk",
        start_date=start,
        end_date=start + timedelta(days=1),
    )


def identified_long_ago(cast) -> None:
    child = new_child(cast)
    CsecRow.objects.create(
        county=child.county,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=county_today() - timedelta(days=90),
        information_received_at=timezone.now() - timedelta(days=90),
    )


def overdue_alert(cast) -> None:
    """One child's law-enforcement clock overdue, alerted by a sweep: one more notification for the worker."""
    child = new_child(cast)
    record.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=county_today() - timedelta(days=2),
        information_received_at=timezone.now() - timedelta(hours=30),
    )
    sweep(send_email=False)


def report_of(cast) -> None:
    reports.report_record(
        user=cast.sw,
        kind="law_enforcement",
        client=victim(cast),
        made_at=timezone.now(),
        method="phone",
        agency_name="Police",
    )


def colleague(cast) -> None:
    user_create(
        username=f"worker{next(SERIAL)}",
        password="correct-horse-battery",
        county_name="Alameda",
        role="social_worker",
        supervisor_username="sup_a",
    )


CASES = {
    "clients": Case("/api/v1/clients/", lambda cast, _: victim(cast)),
    "referrals": Case("/api/v1/referrals/", lambda cast, _: referral_of(cast, new_child(cast))),
    "csec-types": Case(
        "/api/v1/clients/{pk}/csec-types/", lambda cast, child: past_row(cast, child), new_child
    ),
    "contacts": Case(
        "/api/v1/referrals/{pk}/contacts/",
        lambda cast, referral: record.contact_record(
            user=cast.sw, referral=referral, contact_type="child", made_at=timezone.now(), in_person=True
        ),
        lambda cast: referral_of(cast, new_child(cast)),
    ),
    "allegations": Case(
        "/api/v1/referrals/{pk}/allegations/",
        lambda cast, referral: record.allegation_create(
            user=cast.sw,
            referral=referral,
            victim=referral.client,
            allegation_type="sexual_exploitation",
            perpetrator_relationship="other",
        ),
        lambda cast: referral_of(cast, new_child(cast)),
    ),
    "screenings": Case(
        "/api/v1/screenings/",
        lambda cast, _: screening.screening_record(
            user=cast.sw, client=new_child(cast), performed_at=timezone.now(), context="visit", indicators=[]
        ),
    ),
    "missing-episodes": Case(
        "/api/v1/missing-episodes/",
        lambda cast, _: episodes.episode_record(
            user=cast.sw, client=victim(cast), discovered_at=timezone.now(), circumstance="runaway"
        ),
    ),
    "deadlines": Case("/api/v1/deadlines/", lambda cast, _: victim(cast)),
    "case-plan-flags": Case("/api/v1/case-plan-flags/", lambda cast, _: identified_long_ago(cast)),
    "case-plan-services": Case(
        "/api/v1/case-plans/{pk}/services/",
        lambda cast, plan: plans.service_add(
            user=cast.sw,
            plan=plan,
            provider="Clinic",
            description="Therapy",
            referred_on=county_today(),
        ),
        plan_of,
    ),
    "case-plan-cft-meetings": Case(
        "/api/v1/case-plans/{pk}/cft-meetings/",
        lambda cast, plan: plans.cft_meeting_add(
            user=cast.sw, plan=plan, held_on=county_today(), participants="Youth", decisions="Kept"
        ),
        plan_of,
    ),
    "training-courses": Case(
        "/api/v1/training/courses/",
        lambda cast, _: training.course_create(
            user=cast.admin, title=f"Course {next(SERIAL)}", required_roles=["social_worker"]
        ),
    ),
    "training-completions": Case(
        "/api/v1/training/completions/",
        lambda cast, _: training.completion_record(
            user=cast.sw,
            worker=cast.sw,
            course=Course.objects.filter(county=cast.sw.county).first(),
            completed_on=county_today() - timedelta(days=next(SERIAL)),
        ),
    ),
    "training-compliance": Case("/api/v1/training/compliance/", lambda cast, _: colleague(cast)),
    "users": Case("/api/v1/users/", lambda cast, _: colleague(cast)),
    "notifications": Case("/api/v1/notifications/", lambda cast, _: overdue_alert(cast)),
    "reports": Case("/api/v1/reports/", lambda cast, _: report_of(cast)),
}
READER = {
    "training-courses": "admin",
    "training-compliance": "admin",
    "users": "admin",
    "case-plan-flags": "admin",
}


def read(client, path: str) -> tuple[int, int]:
    """The queries a read of the list costs, and how many rows it answered."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return len(captured), len(rows)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_list_costs_the_same_queries_for_2_rows_as_for_12(cast, api, name):
    case = CASES[name]
    parent = case.setup(cast) if case.setup else None
    path = case.path.format(pk=getattr(parent, "pk", ""))
    reader = api(getattr(cast, READER.get(name, "supervisor")))
    for _ in range(2):
        case.add(cast, parent)
    few, rows_before = read(reader, path)
    for _ in range(10):
        case.add(cast, parent)
    many, rows_after = read(reader, path)
    assert rows_after >= rows_before + 10
    assert many == few, f"{name}: {few} queries for a few rows, {many} for more"
