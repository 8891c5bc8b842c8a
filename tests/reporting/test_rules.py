from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from reporting import rules

LA = ZoneInfo("America/Los_Angeles")


def test_24_hours_are_elapsed_hours_across_spring_forward() -> None:
    started = datetime(2026, 3, 7, 10, 0, tzinfo=LA)  # the night of 8 March loses an hour
    due = rules.within_24_hours(started)
    assert due - started == timedelta(hours=24)
    assert due.astimezone(LA).hour == 11


def test_24_hours_are_elapsed_hours_across_fall_back() -> None:
    started = datetime(2026, 10, 31, 10, 0, tzinfo=LA)  # the night of 1 November gains an hour
    due = rules.within_24_hours(started)
    assert due.astimezone(LA).hour == 9


def test_ten_day_is_the_midnight_ending_the_tenth_day_in_the_county_zone() -> None:
    received = datetime(2026, 6, 1, 23, 30, tzinfo=LA)  # 2 June in UTC, still 1 June in the county
    due = rules.ten_day_response_due(received, LA)
    assert due == datetime(2026, 6, 12, 0, 0, tzinfo=LA)
    assert due.astimezone(UTC) == datetime(2026, 6, 12, 7, 0, tzinfo=UTC)


def test_ten_day_across_fall_back_is_local_midnight_in_standard_time() -> None:
    due = rules.ten_day_response_due(datetime(2026, 10, 28, 9, 0, tzinfo=LA), LA)
    assert due.astimezone(UTC) == datetime(2026, 11, 8, 8, 0, tzinfo=UTC)


def test_ten_day_across_spring_forward_is_local_midnight_in_daylight_time() -> None:
    due = rules.ten_day_response_due(datetime(2026, 3, 1, 9, 0, tzinfo=LA), LA)
    assert due.astimezone(UTC) == datetime(2026, 3, 12, 7, 0, tzinfo=UTC)


def test_every_begun_30_day_period_has_a_due_instant() -> None:
    discovered = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    dues = rules.reconfirmation_dues(discovered, discovered + timedelta(days=65))
    assert dues == [discovered + timedelta(days=d) for d in (30, 60, 90)]
    assert rules.reconfirmation_dues(discovered, discovered + timedelta(days=29)) == [
        discovered + timedelta(days=30)
    ]
    assert len(rules.reconfirmation_dues(discovered, discovered + timedelta(days=30))) == 2


def test_reminder_is_lead_before_due_but_not_before_start() -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert rules.reminder_at(start, start + timedelta(hours=24), timedelta(hours=4)) == start + timedelta(
        hours=20
    )
    assert rules.reminder_at(start, start + timedelta(hours=2), timedelta(hours=4)) == start
