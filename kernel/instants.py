"""The plausibility rule for the instants and days people enter: one rule, one message for each refusal.

An instant must carry its UTC offset, may not lie in the future (beyond a few seconds of clock skew between a
client and the server), and may not come before what it follows (the child's birth, the referral a contact
answers, the episode a report is about). A day is checked the same way against the county's today.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from django.utils import timezone

from .errors import REQUIRED, FieldErrors, add_error

# A few seconds of clock skew between a client and the server.
CLOCK_SKEW = timedelta(seconds=5)
FUTURE = "Cannot be in the future."
NAIVE = "Give the time with its UTC offset."
NOT_A_DAY = "Give a date as YYYY-MM-DD."


BEFORE_BIRTH = "Cannot be before the child's date of birth."


class HasLateEntryWindow(Protocol):
    @property
    def late_entry_days(self) -> int: ...


@dataclass(frozen=True)
class LateEntry:
    """The county's late-entry window, and the reason the person gave for entering something older ('' if
    none). An entry older than the window is refused without a reason; with one, history keeps it."""

    days: int
    reason: str = ""

    @classmethod
    def of(cls, county: HasLateEntryWindow, reason: str | None) -> "LateEntry":
        return cls(days=county.late_entry_days, reason=(reason or "").strip())

    @property
    def message(self) -> str:
        return f"More than {self.days} days ago: mark it a late entry and say why."

    def refuses(self, age: timedelta) -> bool:
        return age > timedelta(days=self.days) and not self.reason


def check_instant(
    errors: FieldErrors,
    field: str,
    instant: datetime | None,
    now: datetime,
    *,
    required: bool = True,
    after: tuple[datetime, str] | None = None,
    late: LateEntry | None = None,
) -> None:
    """`after` is (the instant this one follows, the message when it comes first); `late`, the county's window
    beyond which the person must give a reason."""
    if instant is None:
        if required:
            add_error(errors, field, REQUIRED)
    elif timezone.is_naive(instant):
        add_error(errors, field, NAIVE)
    elif instant > now + CLOCK_SKEW:
        add_error(errors, field, FUTURE)
    elif after is not None and instant < after[0]:
        add_error(errors, field, after[1])
    elif late is not None and late.refuses(now - instant):
        add_error(errors, field, late.message)


def check_day(
    errors: FieldErrors,
    field: str,
    day: date | None,
    today: date,
    *,
    required: bool = True,
    after: tuple[date, str] | None = None,
    late: LateEntry | None = None,
) -> None:
    """`after` is (the day this one may not precede, the message when it does); `late` as for instants."""
    if day is None:
        if required:
            add_error(errors, field, REQUIRED)
    elif not isinstance(day, date) or isinstance(day, datetime):
        add_error(errors, field, NOT_A_DAY)
    elif day > today:
        add_error(errors, field, FUTURE)
    elif after is not None and day < after[0]:
        add_error(errors, field, after[1])
    elif late is not None and late.refuses(today - day):
        add_error(errors, field, late.message)
