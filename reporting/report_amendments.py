"""Corrections of a report made outside the agency, and a report marked entered in error (DESIGN.md, "Records
people can trust"; API.md, "Added in v1.1").

A corrected report is checked again by the rules it passed when it was recorded (its time also by the county's
late-entry window when it changes; the NCMEC call rule against whoever made the report) and saved with a history
row keeping both versions. The clocks it met are then settled again (`reporting.report_clocks`: kept while it
still answers them, else met by another standing report or reopened), and it meets the open clocks it now
answers, as a new report does. Marked entered in error, it meets nothing: its clocks reopen, are met again by any
other standing report that answers them, and otherwise alert again once past due. Its kind, child, episode and
referral are not corrected: a report of the wrong kind or about the wrong child is marked entered in error and
recorded again.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import (
    BOOLEAN,
    correction_errors,
    correction_write,
    late_window,
    mark_entered_in_error,
    merged,
)
from kernel.errors import add_error, check_text, raise_if, refuse_unknown
from kernel.roles import require_writer

from .amendments import ENTERED_IN_ERROR, clocks_set_aside
from .episodes import RETURN_NOTICES
from .models import Deadline, Report, ReportKind
from .report_clocks import met_by, report_clocks_settle
from .reports import check_made_at, check_method, report_meets

# What a correction may change of a report, in the order its answer lists them.
REPORT_CORRECTABLE = (
    "made_at",
    "method",
    "agency_name",
    "recipient",
    "report_number",
    "missing_person_report_number",
    "ncic_entry_confirmed",
    "ncmec_case_number",
    "notes",
)


def locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("client__county", "missing_episode", "created_by")
        .get(pk=report.pk)
    )


@transaction.atomic
def report_correct(
    *, user: User, report: Report, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> Report:
    require_writer(user)
    refuse_unknown(changes, REPORT_CORRECTABLE)
    report = locked(report)
    errors = correction_errors(report, reason, changes, late_entry_reason)
    reasons = (late_entry_reason, report.late_entry_reason)
    late = late_window(report.client.county, report, "made_at", changes, reasons)
    made_at = merged(changes, "made_at", report.made_at)
    check_made_at(errors, report.client, made_at, report.missing_episode, late)
    check_method(errors, report.kind, merged(changes, "method", report.method), report.created_by)
    check_text(errors, "agency_name", merged(changes, "agency_name", report.agency_name))
    if not isinstance(merged(changes, "ncic_entry_confirmed", report.ncic_entry_confirmed), bool):
        add_error(errors, "ncic_entry_confirmed", BOOLEAN)
    raise_if(errors)
    correction_write(
        report, user, what="report", reason=reason, changes=changes, late_reason=late_entry_reason
    )
    report_clocks_settle(met_by(report), user)
    report_meets(report, user)
    return report


def notices_follow(report: Report, user: User) -> None:
    """A missing-child report is what makes a notice of return to its agency owed (`episodes.start_return_clocks`):
    entered in error with no other standing report of its kind about the episode, the notice it started is set
    aside (`entered_in_error`)."""
    notice = RETURN_NOTICES.get(ReportKind(report.kind))
    if notice is None or report.missing_episode_id is None:
        return
    about = {"missing_episode_id": report.missing_episode_id}
    if not Report.objects.filter(kind=report.kind, entered_in_error_at__isnull=True, **about).exists():
        clocks_set_aside(Deadline.objects.filter(kind=notice, **about), reason=ENTERED_IN_ERROR, user=user)


@transaction.atomic
def report_void(*, user: User, report: Report, reason: str) -> Report:
    """The report was entered in error: the clocks it met reopen, met again by any other standing report, and
    a notice of return it made owed is set aside."""
    require_writer(user)
    report = locked(report)
    mark_entered_in_error(report, user, reason, what="report", at=timezone.now())
    report_clocks_settle(met_by(report), user)
    notices_follow(report, user)
    return report
