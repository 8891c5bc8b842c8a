"""What every correction of an episode, a follow-up of it or a report starts and ends with (DESIGN.md, "Records
people can trust"): the entry still stands, something changes and a reason is given; an instant newly entered
passes the county's late-entry window; the corrected fields are written with a history row naming who and why.
"""

from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from kernel.amend import NON_FIELD, NOTHING_TO_CORRECT, check_reason, history_reason, refuse_if_in_error
from kernel.errors import FieldErrors
from kernel.history import save_with_history
from kernel.instants import HasLateEntryWindow, LateEntry
from kernel.records import EnteredRecord

BOOLEAN = "Must be true or false."


def correction_errors(
    entry: EnteredRecord, reason: str, changes: dict[str, Any], late_reason: str | None
) -> FieldErrors:
    """The checks every correction starts with: the entry still stands, something changes, a reason is given."""
    refuse_if_in_error(entry)
    if not changes and not late_reason:
        raise ValidationError({NON_FIELD: [NOTHING_TO_CORRECT]})
    errors: FieldErrors = {}
    check_reason(errors, reason)
    return errors


def newly_entered(entry: EnteredRecord, name: str, changes: dict[str, Any]) -> bool:
    return name in changes and changes[name] != getattr(entry, name)


def late_window(
    county: HasLateEntryWindow,
    entry: EnteredRecord,
    name: str,
    changes: dict[str, Any],
    reasons: tuple[str | None, str],
) -> LateEntry | None:
    """The late-entry window for the instant `name` when the correction enters a new one (None otherwise: an
    instant left as it was is not entered again). `reasons` is (the one given now, the one the entry already
    carries for it), and either answers for it."""
    if not newly_entered(entry, name, changes):
        return None
    given, standing = reasons
    return LateEntry.of(county, given or standing)


def merged[T](changes: dict[str, Any], name: str, current: T) -> T:
    value: T = changes.get(name, current)
    return value


def correction_save(
    entry: EnteredRecord,
    user: User,
    *,
    what: str,
    reason: str,
    changes: dict[str, Any],
    late_reason: str | None = None,
) -> None:
    """Write the corrected fields (and the late entry's reason, when one is given now) with the history row."""
    for name, value in changes.items():
        setattr(entry, name, value.strip() if isinstance(value, str) else value)
    if late_reason and late_reason.strip():
        entry.late_entry_reason = late_reason.strip()
    save_with_history(entry, user, history_reason(f"{what} corrected", reason))
