"""Corrections and entries made in error: the reason each needs, how history names it, and the mark itself.

Nothing is deleted (DESIGN.md, "Records people can trust"). A correction rewrites the fields it names and its
history row keeps the earlier version beside the new one, with who and why. An entry made in error keeps every
field and gains the mark (when, who, why); from then on it can be neither corrected nor marked again, and every
read that computes state from records leaves it out. Either change needs a reason, which history keeps whole
(its reason column is text) and the mark keeps on the record too.
"""

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

from .errors import FieldErrors, add_error
from .history import save_with_history
from .instants import HasLateEntryWindow, LateEntry
from .records import EnteredRecord

if TYPE_CHECKING:
    from accounts.models import User

REASON_MAX_LENGTH = 1000
REASON_REQUIRED = "Say why: a correction, or marking an entry entered in error, needs a reason."
REASON_TOO_LONG = f"Keep the reason to {REASON_MAX_LENGTH} characters."
REASON_NOT_TEXT = "Give the reason as text."
NOTHING_TO_CORRECT = "Nothing to correct: change at least one field."
ALREADY_IN_ERROR = (
    "This entry, or the one it belongs to, is marked entered in error: it takes no more changes."
)
# Where a refusal that names no field goes: DRF's name, and a form shows it at the top.
NON_FIELD = "non_field_errors"


def history_reason(action: str, reason: str) -> str:
    """`action: reason` on one line, as history keeps it."""
    return f"{action}: {' '.join(reason.split())}"


def check_reason(
    errors: FieldErrors, reason: object, field: str = "reason", *, required: bool = True
) -> None:
    """A reason of text, at most `REASON_MAX_LENGTH` long; `required` unless the change is an ordinary one (a
    plan's or a service's update, which may give a reason and need not)."""
    if reason is None and not required:
        return
    if not isinstance(reason, str):
        add_error(errors, field, REASON_REQUIRED if required else REASON_NOT_TEXT)
    elif not reason.strip():
        if required:
            add_error(errors, field, REASON_REQUIRED)
    elif len(reason) > REASON_MAX_LENGTH:
        add_error(errors, field, REASON_TOO_LONG)


def refuse_if_in_error(*records: EnteredRecord) -> None:
    """An entry marked entered in error (or one that hangs on such an entry) takes no further change."""
    if any(record.entered_in_error for record in records):
        raise ValidationError({NON_FIELD: [ALREADY_IN_ERROR]})


def mark_entered_in_error(
    record: EnteredRecord, user: "User", reason: str, *, what: str, at: datetime
) -> None:
    """Mark `record` entered in error and save it with its history row; the caller holds its row lock."""
    refuse_if_in_error(record)
    errors: FieldErrors = {}
    check_reason(errors, reason)
    if errors:
        raise ValidationError(errors)
    record.entered_in_error_at = at
    record.entered_in_error_by = user
    record.entered_in_error_reason = reason.strip()
    # Only the mark changes, checked above: an entry wrong enough to be marked must still take the mark.
    save_with_history(record, user, history_reason(f"{what} entered in error", reason), validate=False)


# --- The steps every correction shares ---------------------------------------------------------------------

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
    """A field's value once the correction applies: the change given, or the value as it stands."""
    value: T = changes.get(name, current)
    return value


def correction_write(
    entry: EnteredRecord,
    user: "User",
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
