"""What every write of a case plan shares: who may write, the child's days, and the reason a correction or an
entry made in error carries.

The reason itself, its checks and the mark of an entry made in error are the kernel's (`kernel.amend`).
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from kernel.amend import NON_FIELD, history_reason
from kernel.county_time import county_today
from kernel.errors import FieldErrors
from kernel.instants import BEFORE_BIRTH, check_day
from kernel.roles import may_write
from referrals.models import Client

from ..models import CasePlan

PLAN_IN_ERROR = "This case plan is marked entered in error: create the child's plan again first."


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


def change_reason(default: str, reason: str) -> str:
    """History's reason for an ordinary change: the default, or the correction's reason when one is given."""
    return history_reason("Corrected", reason) if reason.strip() else default


def plan_locked_live(plan: CasePlan) -> CasePlan:
    """The plan's row, locked while a service or meeting is added to it; refused when it is entered in error
    (its child has no plan until one is created again)."""
    locked = CasePlan.objects.select_for_update().select_related("client__county").get(pk=plan.pk)
    if locked.entered_in_error:
        raise ValidationError({NON_FIELD: [PLAN_IN_ERROR]})
    return locked
