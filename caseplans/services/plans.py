"""The case plan itself: created for an identified child, changed (a reason optional), marked entered in error
with its services and meetings, and created again after such a mark.

A child has one plan row (a one-to-one). A plan entered in error keeps its row, its content and its mark, and
its child counts as having no plan: the flag, the pages and `GET clients/{id}/case-plan/` say so. Creating the
child's plan then reuses that row: the mark is lifted and the new content written, and history keeps the plan
entered in error beside the new one. The plan's services and meetings are marked entered in error with it, so a
plan created again starts with none that count (they stay listed, struck through).
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import check_reason, mark_entered_in_error, refuse_if_in_error
from kernel.county_time import county_today
from kernel.errors import FieldErrors, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.roles import require_writer
from referrals.models import Client
from referrals.selectors import csec_rows_open_on

from ..models import CasePlan
from .common import change_reason, check_child_day, check_same_county

PLAN_CHANGEABLE = ("assessment_date", "goal", "addresses_cse")
NOT_IDENTIFIED = "A case plan is for an identified child: document a CSEC type (victim or at risk) first."
CREATED_AGAIN = "Case plan created again: the earlier one was entered in error"


def validate_plan(
    client: Client, assessment_date: date | None, goal: object, addresses_cse: object, reason: object = ""
) -> None:
    """The assessment date is not windowed (it is often recorded after the fact) but is a real day of the
    child's life, not in the future."""
    errors: FieldErrors = {}
    check_child_day(errors, "assessment_date", assessment_date, client)
    check_text(errors, "goal", goal)
    if addresses_cse is not True:
        errors["addresses_cse"] = [
            "State that the plan addresses the child's commercial sexual exploitation."
        ]
    check_reason(errors, reason, required=False)
    raise_if(errors)


def plan_started(user: User, client: Client, earlier: CasePlan | None) -> tuple[CasePlan, str]:
    """A new plan for an identified child (a CSEC row open today): a fresh row, or the row of the plan entered
    in error with its mark lifted; and history's reason."""
    if not csec_rows_open_on(client, county_today(client.county)).exists():
        raise ValidationError({"client": [NOT_IDENTIFIED]})
    if earlier is None:
        return CasePlan(client=client, county_id=client.county_id, created_by=user), "Case plan created"
    earlier.entered_in_error_at = None
    earlier.entered_in_error_by = None
    earlier.entered_in_error_reason = ""
    earlier.created_at = timezone.now()
    earlier.created_by = user
    return earlier, CREATED_AGAIN


@transaction.atomic
def case_plan_save(
    *,
    user: User,
    client: Client,
    assessment_date: date | None,
    goal: str,
    addresses_cse: bool,
    reason: str = "",
) -> CasePlan:
    """Create the child's plan, or change its assessment, goal and statement; `reason`, when given, is the
    change's reason in history (it has none on creation). An existing plan stays editable after the child's
    CSEC row closes; a plan entered in error is created again."""
    require_writer(user)
    check_same_county(user, client)
    validate_plan(client, assessment_date, goal, addresses_cse, reason)
    plan = CasePlan.objects.select_for_update().filter(client=client).first()
    if plan is None or plan.entered_in_error:
        plan, history_reason = plan_started(user, client, plan)
    else:
        history_reason = change_reason("Case plan changed", reason)
    assert assessment_date is not None  # checked above
    plan.assessment_date = assessment_date
    plan.goal = goal.strip()
    plan.addresses_cse = True
    try:
        with transaction.atomic():
            save_with_history(plan, user, history_reason)
    except IntegrityError as exc:
        # Two people created the child's plan at the same moment: the other one won; nothing is half-saved.
        raise ValidationError(
            {"client": ["A case plan was just created for this child: reload and edit it."]}
        ) from exc
    return plan


@transaction.atomic
def case_plan_change(*, user: User, plan: CasePlan, reason: str = "", **changes: Any) -> CasePlan:
    """Correct some of the plan's fields (`PATCH case-plans/{id}/`), a reason optional. A plan entered in error
    takes no change: its child has no plan, and creating one is the way back."""
    require_writer(user)
    check_same_county(user, plan.client)
    refuse_unknown(changes, PLAN_CHANGEABLE)
    plan = CasePlan.objects.select_for_update().select_related("client__county").get(pk=plan.pk)
    refuse_if_in_error(plan)
    fields = {name: getattr(plan, name) for name in PLAN_CHANGEABLE} | changes
    validate_plan(plan.client, fields["assessment_date"], fields["goal"], fields["addresses_cse"], reason)
    plan.assessment_date = fields["assessment_date"]
    plan.goal = fields["goal"].strip()
    plan.addresses_cse = True
    save_with_history(plan, user, change_reason("Case plan changed", reason))
    return plan


@transaction.atomic
def case_plan_void(*, user: User, plan: CasePlan, reason: str) -> CasePlan:
    """Mark the plan entered in error, and with it each of its services and meetings not already marked: the
    child counts as having no plan (and is flagged once the plan is overdue)."""
    require_writer(user)
    check_same_county(user, plan.client)
    plan = CasePlan.objects.select_for_update().select_related("client__county").get(pk=plan.pk)
    at = timezone.now()
    mark_entered_in_error(plan, user, reason, what="Case plan", at=at)
    with_plan = f"Its case plan was entered in error: {plan.entered_in_error_reason}"
    for service in plan.services.select_for_update().filter(entered_in_error_at__isnull=True):
        mark_entered_in_error(service, user, with_plan, what="Service", at=at)
    for meeting in plan.cft_meetings.select_for_update().filter(entered_in_error_at__isnull=True):
        mark_entered_in_error(meeting, user, with_plan, what="CFT meeting", at=at)
    return plan
