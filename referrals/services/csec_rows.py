"""The CSEC rows: the dated record of a child's CSEC status, six types, no two of a type overlapping."""

import uuid
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import Privilege, User
from kernel.amend import refuse_if_in_error
from kernel.county_time import county_day_start, county_today
from kernel.display import day_text
from kernel.errors import FieldErrors, add_error, check_choice, raise_if
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, LateEntry, check_day, check_instant
from kernel.roles import require_writer

from .. import events
from ..models import Client, CsecRow, CsecType


def require_csec_privilege(user: User, csec_type: str) -> None:
    if csec_type == CsecType.VICTIM_CLOSED_CASE_ILP and not user.has_privilege(Privilege.CLOSED_CASE_UPDATE):
        raise PermissionDenied(
            "Documenting a victim with a closed case receiving ILP services needs the "
            "Closed Case/Referral Update privilege."
        )


def validate_csec_dates(
    errors: FieldErrors,
    client: Client,
    csec_type: str,
    start: date | None,
    end: date | None,
    today: date,
) -> None:
    born = client.date_of_birth
    check_day(errors, "start_date", start, today, after=(born, BEFORE_BIRTH))
    if end is not None:
        check_day(errors, "end_date", end, today, after=(start or end, "Cannot be before the start date."))
    elif csec_type == CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT:
        add_error(errors, "end_date", "Required for Victim While Absent From Placement: the return date.")


def overlapping_row(
    client: Client, csec_type: str, start: date, end: date | None, exclude: uuid.UUID | None = None
) -> CsecRow | None:
    """Another row of the same type whose dates share a day with [start, end] (open ends run on for ever); a row
    entered in error never held, so it overlaps nothing."""
    rows = CsecRow.objects.filter(client=client, csec_type=csec_type, entered_in_error_at__isnull=True)
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    for row in rows:
        row_end = row.end_date or date.max
        if row.start_date <= (end or date.max) and start <= row_end:
            return row
    return None


def overlap_error(clash: CsecRow) -> str:
    until = f" to {day_text(clash.end_date)}" if clash.end_date else " (still open)"
    return f"Overlaps the {clash.label} row from {day_text(clash.start_date)}{until}: end that row first."


def check_information_received(
    errors: FieldErrors, client: Client, received: datetime | None, late: LateEntry | None
) -> None:
    """When the agency received what the row documents: a plausible instant, not before the child was born, and
    beyond the county's late-entry window only with a reason (`late` None where it is not newly entered). The
    start date is not windowed: exploitation may rightly be documented as starting long ago."""
    born = county_day_start(client.date_of_birth, client.county)
    check_instant(
        errors, "information_received_at", received, timezone.now(), after=(born, BEFORE_BIRTH), late=late
    )


def validate_new_row(
    client: Client,
    csec_type: str,
    start_date: date,
    end_date: date | None,
    information_received_at: datetime,
    late: LateEntry,
) -> None:
    """Checks of a new row, the child locked: its dates, the time the information came, and no overlap."""
    errors: FieldErrors = {}
    check_information_received(errors, client, information_received_at, late)
    validate_csec_dates(errors, client, csec_type, start_date, end_date, county_today(client.county))
    if not errors:
        clash = overlapping_row(client, csec_type, start_date, end_date)
        if clash is not None:
            errors["start_date"] = [overlap_error(clash)]
    raise_if(errors)


@transaction.atomic
def csec_row_document(
    *,
    user: User,
    client: Client,
    csec_type: str,
    start_date: date,
    end_date: date | None = None,
    information_received_at: datetime | None = None,
    reason: str = "CSEC type documented",
    late_entry_reason: str = "",
) -> CsecRow:
    require_writer(user)
    errors: FieldErrors = {}
    check_choice(errors, "csec_type", csec_type, CsecType)
    raise_if(errors)
    require_csec_privilege(user, csec_type)
    received = information_received_at if information_received_at is not None else timezone.now()
    # Lock the child so two rows of one type cannot slip in side by side.
    client = Client.objects.select_for_update().get(pk=client.pk)
    late = LateEntry.of(client.county, late_entry_reason)
    validate_new_row(client, csec_type, start_date, end_date, received, late)
    row = CsecRow(
        county_id=client.county_id,
        created_by=user,
        client=client,
        csec_type=csec_type,
        start_date=start_date,
        end_date=end_date,
        information_received_at=received,
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(row, user, reason)
    events.csec_row_documented.publish(row, user)
    return row


@transaction.atomic
def csec_row_end(
    *, user: User, row: CsecRow, end_date: date | None, reason: str = "CSEC row end date"
) -> CsecRow:
    require_writer(user)
    require_csec_privilege(user, row.csec_type)
    client = Client.objects.select_for_update().get(pk=row.client_id)
    row = CsecRow.objects.select_for_update().get(pk=row.pk)
    refuse_if_in_error(row)
    errors: FieldErrors = {}
    validate_csec_dates(errors, client, row.csec_type, row.start_date, end_date, county_today(client.county))
    if not errors and overlapping_row(client, row.csec_type, row.start_date, end_date, exclude=row.pk):
        errors["end_date"] = ["Would overlap another row of the same type."]
    raise_if(errors)
    row.end_date = end_date
    save_with_history(row, user, reason)
    return row
