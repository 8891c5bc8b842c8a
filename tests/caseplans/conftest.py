from datetime import date, datetime

import pytest

from caseplans import services
from referrals import services as case_services
from referrals.models import Client, CsecRow


def add_row(client: Client, csec_type: str, start: date, received: datetime | None = None) -> CsecRow:
    """A CSEC row written directly: the rules of documenting rows are intake's, not under test here."""
    return CsecRow.objects.create(
        client=client,
        county_id=client.county_id,
        csec_type=csec_type,
        start_date=start,
        information_received_at=received or datetime(start.year, start.month, start.day, 20, 0).astimezone(),
    )


def make_child(user, first_name: str = "Jordan") -> Client:
    return case_services.client_create(
        user=user,
        first_name=first_name,
        last_name="Rivera",
        date_of_birth=date(2011, 3, 14),
        foster_care_status="in_foster_care",
    )


@pytest.fixture
def child(cast) -> Client:
    return make_child(cast.sw)


@pytest.fixture
def victim(cast, child) -> Client:
    add_row(child, "victim_during_foster_care", date(2026, 1, 5))
    return child


@pytest.fixture
def child_b(cast) -> Client:
    kid = make_child(cast.sw_b, "Casey")
    add_row(kid, "at_risk", date(2026, 1, 5))
    return kid


@pytest.fixture
def plan(cast, victim):
    return services.case_plan_save(
        user=cast.sw,
        client=victim,
        assessment_date=date(2026, 1, 10),
        goal="Safety and stability",
        addresses_cse=True,
    )


PLAN = {"assessment_date": "2026-01-10", "goal": "Safe housing and counseling", "addresses_cse": True}
SERVICE = {"service_code": "safe_housing", "provider": "Bay Area Safe Homes", "referred_on": "2026-01-12"}
