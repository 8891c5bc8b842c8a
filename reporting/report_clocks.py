"""The clocks reports meet, settled again when a report is corrected or marked entered in error, or when a
corrected missing episode starts one of its clocks again (DESIGN.md, "Records people can trust").

A clock of a kind reports answer (`CLOCK_OF_REPORT`) is met by a report through `met_by_report`. Settled, it is
met by the report that meets it now if that one still answers it, else by the earliest standing report that
answers it (of its kind, of its child, of its episode or of none when it has one, made at or after it started,
and for the missing-child report with NCIC entry confirmed), else it stands open again: its meeting is forgotten
and its alert stamps cleared (`amendments.clock_reopen`), so the next sweep tells its worker and supervisor
again once it is past due.

A child has at most one open law-enforcement clock (`one_open_law_enforcement_clock_per_child`): one report owed
covers every victim entry while it runs. When such a clock reopens while another of the child's stands open,
the one due first stays and the other is set aside as `covered`, as it would never have started beside it.
"""

from django.db.models import Q, QuerySet

from accounts.models import User
from kernel.history import save_with_history

from .amendments import clock_reopen, clocks_set_aside
from .clocks import open_clocks
from .models import Deadline, DeadlineKind, Report
from .reports import CLOCK_OF_REPORT, report_met_by

COVERED = "covered"
REPORT_OF_CLOCK: dict[str, str] = {clock: report for report, clock in CLOCK_OF_REPORT.items()}


def reports_answering(deadline: Deadline) -> QuerySet[Report]:
    """The standing reports that answer `deadline`, earliest made first."""
    reports = Report.objects.filter(
        client_id=deadline.client_id,
        kind=REPORT_OF_CLOCK[deadline.kind],
        made_at__gte=deadline.started_at,
        entered_in_error_at__isnull=True,
    )
    if deadline.missing_episode_id is None:
        reports = reports.filter(missing_episode__isnull=True)
    else:
        reports = reports.filter(
            Q(missing_episode__isnull=True) | Q(missing_episode_id=deadline.missing_episode_id)
        )
    if deadline.kind == DeadlineKind.LAW_ENFORCEMENT_MISSING_REPORT:
        reports = reports.filter(ncic_entry_confirmed=True)
    return reports.order_by("made_at", "created_at")


def report_meeting(deadline: Deadline) -> Report | None:
    """The report that meets `deadline` once settled: the one meeting it now while it still answers it, else
    the earliest standing one that does."""
    answering = reports_answering(deadline)
    current = answering.filter(pk=deadline.met_by_report_id).first() if deadline.met_by_report_id else None
    return current or answering.first()


def clock_reopen_single(deadline: Deadline, user: User, why: str) -> None:
    """Reopen a report-met clock; a law-enforcement clock keeps the child's one open clock of its kind."""
    if deadline.kind == DeadlineKind.LAW_ENFORCEMENT_REPORT:
        other = open_clocks(deadline.client, deadline.kind).exclude(pk=deadline.pk).first()
        if other is not None and other.due_at <= deadline.due_at:
            clocks_set_aside(Deadline.objects.filter(pk=deadline.pk), reason=COVERED, user=user)
            return
        if other is not None:
            clocks_set_aside(Deadline.objects.filter(pk=other.pk), reason=COVERED, user=user)
    clock_reopen(deadline, user, why)


def report_clock_settle(deadline: Deadline, user: User) -> None:
    """Meet `deadline` (a standing clock reports answer, locked by the caller) by the report that meets it once
    settled, or open it again when no standing report does; unchanged when it is already so."""
    report = report_meeting(deadline)
    if report is None:
        if deadline.met_at is not None:
            clock_reopen_single(deadline, user, "the report that met it was corrected or entered in error")
        return
    met_by = report_met_by(report)[:200]
    if (deadline.met_by_report_id, deadline.met_at, deadline.met_by) == (report.pk, report.made_at, met_by):
        return
    # Moved from one meeting to another in one write: never open in between, so no second open clock appears.
    deadline.met_at = report.made_at
    deadline.met_late = report.made_at > deadline.due_at
    deadline.met_by = met_by
    deadline.met_by_report = report
    save_with_history(deadline, user, f"met by {met_by}"[:100], validate=False)


def report_clocks_settle(clocks: QuerySet[Deadline], user: User) -> None:
    """Settle each standing clock in `clocks` that reports answer, first due first."""
    standing = clocks.filter(cancelled_at__isnull=True, kind__in=list(REPORT_OF_CLOCK))
    for deadline in standing.select_for_update().order_by("due_at", "id"):
        report_clock_settle(deadline, user)


def met_by(report: Report) -> QuerySet[Deadline]:
    return Deadline.objects.filter(met_by_report=report)
