"""Case-record objects made directly, so the clocks can be tested on their own."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from referrals.models import Client, CsecRow, Referral


@pytest.fixture
def make_client(cast: Any):
    def make(worker: Any = None, status: str = "in_foster_care", **kwargs: Any) -> Client:
        worker = worker or cast.sw
        values = {"first_name": "Dana", "last_name": "Child", "date_of_birth": date(2011, 3, 4), **kwargs}
        return Client.objects.create(
            county=worker.county,
            created_by=worker,
            assigned_worker=worker,
            foster_care_status=status,
            **values,
        )

    return make


@pytest.fixture
def child(make_client: Any) -> Client:
    return make_client()


@pytest.fixture
def make_referral(cast: Any):
    def make(client: Client, received_at: datetime, **kwargs: Any) -> Referral:
        values = {"receiving_agency": "child_welfare", "source": "hotline", "alleges_cse": True, **kwargs}
        return Referral.objects.create(county=client.county, client=client, received_at=received_at, **values)

    return make


@pytest.fixture
def make_victim_row(cast: Any):
    def make(client: Client, received_at: datetime, csec_type: str = "victim_during_foster_care") -> CsecRow:
        return CsecRow.objects.create(
            county=client.county,
            client=client,
            csec_type=csec_type,
            start_date=received_at.date(),
            information_received_at=received_at,
        )

    return make


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
