"""Child and Family Team meetings: recorded, corrected with a reason under the same rules, marked entered in
error.

A meeting's day is windowed: one held longer ago than the county's late-entry window, counted to the day it was
recorded, needs `late_entry_reason`. A correction judges that window again only when it changes the day or the
reason, and counts to the day the meeting was first recorded: fixing a typo weeks later is not a late entry (the
correction's own reason says why it was made).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import (
    NON_FIELD,
    NOTHING_TO_CORRECT,
    REASON_MAX_LENGTH,
    REASON_NOT_TEXT,
    REASON_TOO_LONG,
    check_reason,
    history_reason,
    mark_entered_in_error,
    refuse_if_in_error,
)
from kernel.county_time import county_day, county_today
from kernel.errors import FieldErrors, add_error, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import LateEntry
from kernel.roles import require_writer
from referrals.models import Client

from ..models import CasePlan, CftMeeting
from .common import check_child_day, check_same_county, plan_locked_live

MEETING_CHANGEABLE = (
    "held_on",
    "child_participated",
    "caregiver_participated",
    "participants",
    "decisions",
    "late_entry_reason",
)
WINDOWED = frozenset({"held_on", "late_entry_reason"})


class MeetingFields(TypedDict):
    """A meeting's fields as a worker gives them, the texts stripped."""

    held_on: date | None
    child_participated: bool
    caregiver_participated: bool
    participants: str
    decisions: str
    late_entry_reason: str


def stripped(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def meeting_fields(values: Mapping[str, Any]) -> MeetingFields:
    return MeetingFields(
        held_on=values["held_on"],
        child_participated=values["child_participated"],
        caregiver_participated=values["caregiver_participated"],
        participants=stripped(values["participants"]),
        decisions=stripped(values["decisions"]),
        late_entry_reason=stripped(values["late_entry_reason"]),
    )


def check_held_on(
    errors: FieldErrors, client: Client, fields: MeetingFields, entered_on: date | None
) -> None:
    """Not in the future, not before the child's birth; with `entered_on` (the day it is, or was, recorded),
    within the county's late-entry window of that day unless a late entry's reason is given."""
    held_on = fields["held_on"]
    check_child_day(errors, "held_on", held_on, client)
    late_reason = fields["late_entry_reason"]
    if not isinstance(late_reason, str):
        add_error(errors, "late_entry_reason", REASON_NOT_TEXT)
    elif len(late_reason) > REASON_MAX_LENGTH:
        add_error(errors, "late_entry_reason", REASON_TOO_LONG)
    elif entered_on is not None and "held_on" not in errors and isinstance(held_on, date):
        late = LateEntry.of(client.county, late_reason)
        if late.refuses(entered_on - held_on):
            add_error(errors, "held_on", late.message)


def validate_meeting(client: Client, fields: MeetingFields, entered_on: date | None) -> FieldErrors:
    errors: FieldErrors = {}
    check_held_on(errors, client, fields, entered_on)
    check_text(errors, "participants", fields["participants"])
    check_text(errors, "decisions", fields["decisions"])
    for name, value in (
        ("child_participated", fields["child_participated"]),
        ("caregiver_participated", fields["caregiver_participated"]),
    ):
        if not isinstance(value, bool):
            add_error(errors, name, "Give true or false.")
    return errors


@transaction.atomic
def cft_meeting_add(
    *,
    user: User,
    plan: CasePlan,
    held_on: date | None,
    child_participated: bool = False,
    caregiver_participated: bool = False,
    participants: str,
    decisions: str,
    late_entry_reason: str = "",
) -> CftMeeting:
    """Record a meeting; one held longer ago than the county's late-entry window needs `late_entry_reason`."""
    require_writer(user)
    client = plan.client
    check_same_county(user, client)
    fields = MeetingFields(
        held_on=held_on,
        child_participated=child_participated,
        caregiver_participated=caregiver_participated,
        participants=stripped(participants),
        decisions=stripped(decisions),
        late_entry_reason=stripped(late_entry_reason),
    )
    raise_if(validate_meeting(client, fields, county_today(client.county)))
    plan = plan_locked_live(plan)
    meeting = CftMeeting(case_plan=plan, county_id=plan.county_id, created_by=user, **fields)
    save_with_history(meeting, user, "Child and Family Team meeting recorded")
    return meeting


def meeting_locked(meeting: CftMeeting) -> CftMeeting:
    return (
        CftMeeting.objects.select_for_update().select_related("case_plan__client__county").get(pk=meeting.pk)
    )


@transaction.atomic
def cft_meeting_update(*, user: User, meeting: CftMeeting, reason: str, **changes: Any) -> CftMeeting:
    """Correct a meeting's fields (`PATCH cft-meetings/{id}/`) under the rules of its recording; `reason` is
    required and goes into history beside both versions. A meeting entered in error takes no correction."""
    require_writer(user)
    check_same_county(user, meeting.case_plan.client)
    refuse_unknown(changes, MEETING_CHANGEABLE)
    meeting = meeting_locked(meeting)
    refuse_if_in_error(meeting, meeting.case_plan)
    client = meeting.case_plan.client
    fields = meeting_fields({name: getattr(meeting, name) for name in MEETING_CHANGEABLE} | changes)
    given: dict[str, object] = dict(fields)
    changed = {name for name in MEETING_CHANGEABLE if given[name] != getattr(meeting, name)}
    entered_on = county_day(meeting.created_at, client.county) if changed & WINDOWED else None
    errors = validate_meeting(client, fields, entered_on)
    check_reason(errors, reason, required=True)
    if not errors and not changed:
        add_error(errors, NON_FIELD, NOTHING_TO_CORRECT)
    raise_if(errors)
    for name, value in fields.items():
        setattr(meeting, name, value)
    save_with_history(meeting, user, history_reason("Corrected", reason))
    return meeting


@transaction.atomic
def cft_meeting_void(*, user: User, meeting: CftMeeting, reason: str) -> CftMeeting:
    """Mark a meeting entered in error: it stays in the plan, struck through, with who marked it and why."""
    require_writer(user)
    check_same_county(user, meeting.case_plan.client)
    meeting = meeting_locked(meeting)
    mark_entered_in_error(meeting, user, reason, what="CFT meeting", at=timezone.now())
    return meeting
