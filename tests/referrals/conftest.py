from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from referrals import services


@pytest.fixture
def child(cast):
    return services.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


@pytest.fixture
def child_b(cast):
    return services.client_create(
        user=cast.sw_b,
        first_name="Other",
        last_name="County",
        date_of_birth=date(2012, 1, 1),
        foster_care_status="in_foster_care",
    )


def hours_ago(hours: float) -> datetime:
    return timezone.now() - timedelta(hours=hours)


@pytest.fixture
def cse_referral(cast, child):
    return services.referral_create(
        user=cast.sw,
        client=child,
        received_at=hours_ago(2),
        source="hotline",
        alleges_cse=True,
        narrative="Seen with an older adult at a motel.",
    )
