"""When each clock falls due (DOMAIN.md §5). Pure functions of their arguments: no database, no clock reading."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

DAY_HOURS_24 = timedelta(hours=24)
RECONFIRMATION_PERIOD = timedelta(days=30)


def after_hours(started_at: datetime, hours: int) -> datetime:
    """`hours` elapsed hours after the start: across a DST change it is not the same wall-clock time."""
    # Python adds to an aware datetime in its own zone's wall clock, so count elapsed time in UTC.
    return started_at.astimezone(UTC) + timedelta(hours=hours)


def within_24_hours(started_at: datetime) -> datetime:
    return started_at.astimezone(UTC) + DAY_HOURS_24


def ten_day_response_due(received_at: datetime, zone: zoneinfo.ZoneInfo) -> datetime:
    """The midnight (county zone) that ends the 10th calendar day after the day the referral was received."""
    received_day = received_at.astimezone(zone).date()
    # Midnight never falls in a DST gap or fold in US zones (they change at 02:00), so this is unambiguous.
    return datetime.combine(received_day + timedelta(days=11), time.min, tzinfo=zone)


def reconfirmation_dues(discovered_at: datetime, now: datetime) -> list[datetime]:
    """Due instants of every 30-day period begun by `now`, anchored at discovery: +30, +60, +90 days...

    Period k runs from discovery + 30(k-1) days to discovery + 30k days and is owed by its end. An episode
    recorded 65 days after discovery has begun its third period, so three clocks exist at once.
    """
    anchor = discovered_at.astimezone(UTC)
    if now < anchor:
        return [anchor + RECONFIRMATION_PERIOD]
    begun = int((now - anchor) / RECONFIRMATION_PERIOD) + 1
    return [anchor + RECONFIRMATION_PERIOD * k for k in range(1, begun + 1)]


def reminder_at(started_at: datetime, due_at: datetime, lead: timedelta) -> datetime:
    """When to remind: `lead` before due, but never before the clock started."""
    return max(started_at, due_at - lead)


MAX_BACKOFF = timedelta(hours=1)


def backoff(failures: int) -> timedelta:
    """How long a row the sweep failed on (a clock to alert, an e-mail to send) waits before it is tried again:
    doubling from two minutes, at most an hour, so one bad row never crash-loops a worker."""
    return min(timedelta(minutes=2 ** min(failures, 10)), MAX_BACKOFF)
