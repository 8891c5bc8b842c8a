"""The one plausibility rule for instants and days a person enters."""

from datetime import UTC, date, datetime, timedelta

import pytest

from kernel.errors import FieldErrors
from kernel.instants import (
    BEFORE_BIRTH,
    CLOCK_SKEW,
    FUTURE,
    NAIVE,
    NOT_A_DAY,
    LateEntry,
    check_day,
    check_instant,
)

NOW = datetime(2026, 3, 8, 17, 0, tzinfo=UTC)
TODAY = date(2026, 3, 8)


def instant_errors(instant, **kwargs) -> list[str]:
    errors: FieldErrors = {}
    check_instant(errors, "at", instant, NOW, **kwargs)
    return errors.get("at", [])


def day_errors(day, **kwargs) -> list[str]:
    errors: FieldErrors = {}
    check_day(errors, "on", day, TODAY, **kwargs)
    return errors.get("on", [])


def test_an_instant_now_or_within_the_skew_is_plausible():
    assert instant_errors(NOW) == []
    assert instant_errors(NOW + CLOCK_SKEW) == []
    assert instant_errors(NOW - timedelta(days=400)) == []


def test_an_instant_past_the_skew_is_in_the_future():
    assert instant_errors(NOW + CLOCK_SKEW + timedelta(microseconds=1)) == [FUTURE]


def test_an_instant_without_its_offset_is_refused_not_guessed():
    assert instant_errors(datetime(2026, 3, 8, 9, 0)) == [NAIVE]


def test_a_missing_instant_is_required_unless_optional():
    assert instant_errors(None) == ["This field is required."]
    assert instant_errors(None, required=False) == []


def test_an_instant_before_what_it_follows_is_refused_with_its_message():
    received = NOW - timedelta(hours=2)
    follows = (received, "Cannot be before the referral was received.")
    assert instant_errors(received - timedelta(seconds=1), after=follows) == [follows[1]]
    assert instant_errors(received, after=follows) == []


def test_one_refusal_per_field_the_future_before_the_order():
    follows = (NOW + timedelta(days=9), "Cannot be before X.")
    assert instant_errors(NOW + timedelta(days=1), after=follows) == [FUTURE]


def test_a_day_today_or_before_is_plausible_and_tomorrow_is_not():
    assert day_errors(TODAY) == []
    assert day_errors(TODAY - timedelta(days=1)) == []
    assert day_errors(TODAY + timedelta(days=1)) == [FUTURE]


@pytest.mark.parametrize("bad", ["2026-03-01", datetime(2026, 3, 1, tzinfo=UTC), 20260301])
def test_a_day_that_is_not_a_calendar_day_is_refused(bad):
    assert day_errors(bad) == [NOT_A_DAY]


def test_a_day_before_birth_is_refused_and_the_birthday_itself_is_allowed():
    born = date(2011, 5, 4)
    assert day_errors(date(2011, 5, 3), after=(born, BEFORE_BIRTH)) == [BEFORE_BIRTH]
    assert day_errors(born, after=(born, BEFORE_BIRTH)) == []


def test_errors_of_other_fields_are_kept():
    errors: FieldErrors = {"source": ["Unknown."]}
    check_instant(errors, "at", None, NOW)
    check_day(errors, "on", TODAY + timedelta(days=2), TODAY)
    assert errors == {"source": ["Unknown."], "at": ["This field is required."], "on": [FUTURE]}


def test_an_instant_older_than_the_late_entry_window_needs_a_reason():
    window = LateEntry(days=30)
    old = NOW - timedelta(days=30, seconds=1)
    assert instant_errors(NOW - timedelta(days=30), late=window) == []
    assert instant_errors(old, late=window) == ["More than 30 days ago: mark it a late entry and say why."]
    assert instant_errors(old, late=LateEntry(days=30, reason="Found in a closed file")) == []


def test_a_reason_of_blanks_is_no_reason():
    assert LateEntry.of(county=type("C", (), {"late_entry_days": 10})(), reason="   ").reason == ""
    assert instant_errors(NOW - timedelta(days=11), late=LateEntry(days=10, reason="")) != []


def test_a_day_older_than_the_window_needs_a_reason_and_the_window_day_itself_does_not():
    window = LateEntry(days=30)
    assert day_errors(TODAY - timedelta(days=30), late=window) == []
    assert day_errors(TODAY - timedelta(days=31), late=window) == [window.message]
    assert day_errors(TODAY - timedelta(days=31), late=LateEntry(days=30, reason="Court file")) == []


def test_the_window_is_checked_last_so_a_future_or_unborn_entry_says_so_instead():
    window = LateEntry(days=30)
    born = date(2020, 1, 1)
    assert day_errors(date(2019, 1, 1), after=(born, BEFORE_BIRTH), late=window) == [BEFORE_BIRTH]
