from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from referrals import services as case_services


@pytest.fixture
def child(cast):
    return case_services.client_create(
        user=cast.sw,
        first_name="Jordan",
        last_name="Rivera",
        date_of_birth=date(2011, 3, 14),
        foster_care_status="in_foster_care",
    )


@pytest.fixture
def child_b(cast):
    return case_services.client_create(
        user=cast.sw_b,
        first_name="Casey",
        last_name="Lee",
        date_of_birth=date(2010, 6, 1),
        foster_care_status="in_foster_care",
    )


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)
