"""How the API reads an instant: strictly, so a malformed one is a 400 naming its field, never a 500."""

from datetime import UTC, date, datetime

import pytest
from rest_framework import serializers

from kernel.api import InstantField
from referrals import services

MALFORMED = [
    "2026-01-05T12:99:00Z",  # minute 99
    "2026-01-05T25:00:00Z",  # hour 25
    "2026-13-05T10:00:00Z",  # month 13
    "2026-02-30T10:00:00Z",  # February 30
    "2026-01-05T10:00:00+25:00",  # offset beyond a day
    "2026-01-05T10:00:60Z",  # second 60
    "yesterday",
    "",
    "2026-01-05T10:00:00\x00Z",
]


class At(serializers.Serializer):
    at = InstantField()


@pytest.mark.parametrize("text", MALFORMED)
def test_a_malformed_instant_is_a_field_error(text):
    given = At(data={"at": text})
    assert not given.is_valid()
    assert list(given.errors) == ["at"]


@pytest.mark.parametrize("value", [1767607200, ["2026-01-05T10:00:00Z"], {"at": 1}, True])
def test_an_instant_that_is_not_text_is_a_field_error(value):
    given = At(data={"at": value})
    assert not given.is_valid()
    assert list(given.errors) == ["at"]


def test_an_instant_out_of_range_in_utc_is_a_field_error():
    given = At(data={"at": "0001-01-01T00:00:00+05:00"})
    assert not given.is_valid()
    assert list(given.errors) == ["at"]


def test_a_well_formed_instant_is_read_with_its_offset():
    given = At(data={"at": " 2026-01-05T10:00:00-08:00 "})
    assert given.is_valid(), given.errors
    assert given.validated_data["at"] == datetime(2026, 1, 5, 18, 0, tzinfo=UTC)


def test_a_time_without_its_offset_is_still_refused_as_naive():
    given = At(data={"at": "2026-01-05T10:00:00"})
    assert not given.is_valid()
    assert "UTC offset" in str(given.errors["at"][0])


@pytest.mark.django_db
@pytest.mark.parametrize("text", MALFORMED[:5])
def test_the_referral_and_screening_endpoints_answer_400_for_each(cast, api, text):
    child = services.client_create(
        user=cast.sw,
        first_name="Ana",
        last_name="Diaz",
        date_of_birth=date(2011, 1, 1),
        foster_care_status="in_foster_care",
    )
    sw = api(cast.sw)
    referral = sw.post(
        "/api/v1/referrals/",
        {"client": str(child.pk), "received_at": text, "source": "school", "alleges_cse": True},
        format="json",
    )
    screening = sw.post(
        "/api/v1/screenings/",
        {"client": str(child.pk), "performed_at": text, "context": "visit", "indicators": []},
        format="json",
    )
    assert (referral.status_code, list(referral.json())) == (400, ["received_at"])
    assert (screening.status_code, list(screening.json())) == (400, ["performed_at"])
