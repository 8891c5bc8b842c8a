"""What every write of a case plan shares: who may write, the child's days, and the reason a correction or an
entry made in error carries.

A reason is kept whole in history: history's reason column holds 100 characters, so a reason may have
`REASON_MAX_LENGTH` and the words naming the change fit beside it. The mark of an entry made in error also keeps
its reason on the record itself (`entered_in_error_reason`).
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from kernel.county_time import county_today
from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, check_day
from kernel.records import EnteredRecord
from kernel.roles import may_write
from referrals.models import Client

from ..models import CasePlan

HISTORY_REASON_LENGTH = 100  # simple-history's change reason column
REASON_MAX_LENGTH = 80
REASON_REQUIRED = "Say why: a correction, or marking an entry entered in error, needs a reason."
REASON_TOO_LONG = f"Keep the reason to {REASON_MAX_LENGTH} characters."
REASON_NOT_TEXT = "Give the reason as text."
ALREADY_IN_ERROR = "This entry is marked entered in error: it can no longer be changed or marked again."
PLAN_IN_ERROR = "This case plan is marked entered in error: create the child's plan again first."
NOTHING_TO_CORRECT = "Nothing to correct: change at least one field."
# Where a refusal that names no field goes: DRF's name; a form shows it at the top.
NON_FIELD = "non_field_errors"


def check_child_day(
    errors: FieldErrors, field: str, day: date | None, client: Client, *, required: bool = True
) -> None:
    """A day of the child's plan: a real day, not in the future, not before the child was born."""
    born = client.date_of_birth
    check_day(errors, field, day, county_today(client.county), required=required, after=(born, BEFORE_BIRTH))


def require_plan_writer(user: User) -> None:
    """Who may open the forms of a case plan: the roles that write the case record."""
    if not may_write(user):
        raise PermissionDenied("Only social workers, probation officers and supervisors write case plans.")


def check_same_county(user: User, client: Client) -> None:
    if client.county_id != user.county_id:
        # Another county's child is unknown to the caller, never "forbidden".
        raise ValidationError({"client": ["Unknown client."]})


def check_reason(errors: FieldErrors, reason: object, *, required: bool) -> None:
    """A correction's or a mark's reason: text of at most `REASON_MAX_LENGTH` characters; required for a mark
    and a meeting's correction, optional for the ordinary changes of a plan and its services."""
    if not isinstance(reason, str):
        add_error(errors, "reason", REASON_NOT_TEXT)
    elif not reason.strip():
        if required:
            add_error(errors, "reason", REASON_REQUIRED)
    elif len(reason.strip()) > REASON_MAX_LENGTH:
        add_error(errors, "reason", REASON_TOO_LONG)


def history_text(action: str, reason: str) -> str:
    """`action: reason` on one line, cut (never refused) to what history's reason column holds."""
    text = f"{action}: {' '.join(reason.split())}"
    if len(text) <= HISTORY_REASON_LENGTH:
        return text
    return text[: HISTORY_REASON_LENGTH - 1] + "…"


def change_reason(default: str, reason: str) -> str:
    """History's reason for an ordinary change: the default, or the correction's reason when one is given."""
    return history_text("Corrected", reason) if reason.strip() else default


def refuse_if_in_error(*records: EnteredRecord) -> None:
    """An entry marked entered in error, or one that hangs on such an entry, takes no further change."""
    if any(record.entered_in_error for record in records):
        raise ValidationError({NON_FIELD: [ALREADY_IN_ERROR]})


def mark_in_error(record: EnteredRecord, user: User, reason: str, *, what: str, at: datetime) -> None:
    """Mark `record` entered in error, its history row naming who and why. The caller holds its row lock and
    has checked the reason. Only the mark changes, so the model's checks are not run again: an entry wrong
    enough to be marked must still take the mark."""
    record.entered_in_error_at = at
    record.entered_in_error_by = user
    record.entered_in_error_reason = reason.strip()
    save_with_history(record, user, history_text(f"{what} entered in error", reason), validate=False)


def check_mark(record: EnteredRecord, reason: object) -> str:
    """The reason a mark may be made with: refused when the record already carries one or the reason is
    missing or too long."""
    refuse_if_in_error(record)
    errors: FieldErrors = {}
    check_reason(errors, reason, required=True)
    raise_if(errors)
    assert isinstance(reason, str)  # checked above
    return reason.strip()


def plan_locked_live(plan: CasePlan) -> CasePlan:
    """The plan's row, locked while a service or meeting is added to it; refused when it is entered in error
    (its child has no plan until one is created again)."""
    locked = CasePlan.objects.select_for_update().select_related("client__county").get(pk=plan.pk)
    if locked.entered_in_error:
        raise ValidationError({NON_FIELD: [PLAN_IN_ERROR]})
    return locked
