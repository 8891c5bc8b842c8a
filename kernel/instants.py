"""The plausibility rule for the instants and days people enter: one rule, one message for each refusal.

An instant must carry its UTC offset, may not lie in the future (beyond a few seconds of clock skew between a
client and the server), and may not come before what it follows (the child's birth, the referral a contact
answers, the episode a report is about). A day is checked the same way against the county's today.
"""

from datetime import date, datetime, timedelta

from django.utils import timezone

from .errors import REQUIRED, FieldErrors, add_error

# A few seconds of clock skew between a client and the server.
CLOCK_SKEW = timedelta(seconds=5)
FUTURE = "Cannot be in the future."
NAIVE = "Give the time with its UTC offset."
NOT_A_DAY = "Give a date as YYYY-MM-DD."


BEFORE_BIRTH = "Cannot be before the child's date of birth."


def check_instant(
    errors: FieldErrors,
    field: str,
    instant: datetime | None,
    now: datetime,
    *,
    required: bool = True,
    after: tuple[datetime, str] | None = None,
) -> None:
    """`after` is (the instant this one follows, the message when it comes first)."""
    if instant is None:
        if required:
            add_error(errors, field, REQUIRED)
    elif timezone.is_naive(instant):
        add_error(errors, field, NAIVE)
    elif instant > now + CLOCK_SKEW:
        add_error(errors, field, FUTURE)
    elif after is not None and instant < after[0]:
        add_error(errors, field, after[1])


def check_day(
    errors: FieldErrors,
    field: str,
    day: date | None,
    today: date,
    *,
    required: bool = True,
    after: tuple[date, str] | None = None,
) -> None:
    """`after` is (the day this one may not precede, the message when it does)."""
    if day is None:
        if required:
            add_error(errors, field, REQUIRED)
    elif not isinstance(day, date) or isinstance(day, datetime):
        add_error(errors, field, NOT_A_DAY)
    elif day > today:
        add_error(errors, field, FUTURE)
    elif after is not None and day < after[0]:
        add_error(errors, field, after[1])
