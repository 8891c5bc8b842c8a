from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from notes import services
from notes.models import CaseNote
from referrals import services as record
from referrals.models import Client


def minutes_ago(minutes: float) -> datetime:
    return timezone.now().replace(microsecond=0) - timedelta(minutes=minutes)


def make_child(user, first_name: str = "Maya") -> Client:
    return record.client_create(
        user=user,
        first_name=first_name,
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


@pytest.fixture
def child(cast) -> Client:
    return make_child(cast.sw)


@pytest.fixture
def child_b(cast) -> Client:
    return make_child(cast.sw_b, "Casey")


@pytest.fixture
def note(cast, child) -> CaseNote:
    return services.note_create(
        user=cast.sw,
        client=child,
        kind="contact",
        occurred_at=minutes_ago(90),
        text="Home visit. Maya is attending school and feels safe at the placement.",
    )
