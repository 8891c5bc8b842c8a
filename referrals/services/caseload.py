"""Handing a worker's caseload to another before their account is closed: no child is left with a worker who
will never see an alert, and the open clocks move with each child."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from accounts.services import user_deactivate
from kernel.history import save_with_history
from kernel.roles import CASE_CARRYING_ROLES, Role

from .. import events
from ..models import Client

ONLY_THE_ADMIN = "Only the county admin hands over a caseload and closes an account."


def check_hand_over(user: User, worker: User, to: User) -> None:
    if user.role != Role.COUNTY_ADMIN or user.county_id != worker.county_id:
        raise PermissionDenied(ONLY_THE_ADMIN)
    if to.county_id != worker.county_id or not to.is_active or to.role not in CASE_CARRYING_ROLES:
        raise ValidationError(
            {"to": ["Choose an active social worker, probation officer or supervisor of the county."]}
        )
    if to.pk == worker.pk:
        raise ValidationError({"to": ["Choose someone other than the worker who is leaving."]})


@transaction.atomic
def caseload_hand_over(*, user: User, worker: User, to: User) -> int:
    """Give every child assigned to `worker` to `to` (history names who and why; the clocks follow each child),
    then close `worker`'s account. Returns how many children were handed over."""
    check_hand_over(user, worker, to)
    worker = User.objects.select_for_update().get(pk=worker.pk)
    children = list(Client.objects.select_for_update().filter(assigned_worker=worker).order_by("pk"))
    for child in children:
        child.assigned_worker = to
        save_with_history(child, user, f"caseload of {worker} handed to {to}", validate=False)
        events.client_reassigned.publish(child, user)
    user_deactivate(user=user, worker=worker)
    return len(children)
