"""Recording a report made outside the agency; it meets the clocks it answers (DOMAIN.md §6, API.md rules)."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.instants import check_instant
from kernel.roles import Role, require_writer
from referrals.models import Client, MissingEpisode, Referral

from .clocks import clocks_meet
from .models import Deadline, DeadlineKind, Report, ReportKind, ReportMethod

CLOCK_OF_REPORT = {
    ReportKind.LAW_ENFORCEMENT: DeadlineKind.LAW_ENFORCEMENT_REPORT,
    ReportKind.LAW_ENFORCEMENT_MISSING: DeadlineKind.LAW_ENFORCEMENT_MISSING_REPORT,
    ReportKind.NCMEC: DeadlineKind.NCMEC_REPORT,
    ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT: DeadlineKind.RETURN_NOTICE_LAW_ENFORCEMENT,
    ReportKind.RETURN_NOTICE_NCMEC: DeadlineKind.RETURN_NOTICE_NCMEC,
    ReportKind.CHILD_WELFARE_AGENCY: DeadlineKind.CHILD_WELFARE_AGENCY_REPORT,
}


def _check(
    *,
    user: User,
    kind: str,
    client: Client,
    made_at: datetime,
    method: str,
    episode: MissingEpisode | None,
    referral: Referral | None,
) -> None:
    errors: FieldErrors = {}
    check_instant(errors, "made_at", made_at, timezone.now())
    if kind == ReportKind.NCMEC and user.role == Role.PROBATION_OFFICER and method != ReportMethod.PHONE:
        add_error(
            errors,
            "method",
            "A probation officer reports to NCMEC by calling its call centre (method phone).",
        )
    if episode is not None and episode.client_id != client.pk:
        add_error(errors, "missing_episode", "This episode is another child's.")
    if referral is not None and referral.client_id != client.pk:
        add_error(errors, "referral", "This referral is another child's.")
    raise_if(errors)


def _met_by(report: Report) -> str:
    return f"{report.get_kind_display()} report to {report.agency_name} ({report.get_method_display()})"


def _clocks_answered(report: Report) -> QuerySet[Deadline]:
    """The child's clocks of the kind the report answers; of its episode only, when it names one."""
    clocks = Deadline.objects.filter(client=report.client, kind=CLOCK_OF_REPORT[ReportKind(report.kind)])
    if report.missing_episode_id is not None:
        clocks = clocks.filter(missing_episode_id=report.missing_episode_id)
    return clocks


@transaction.atomic
def report_record(
    *,
    user: User,
    kind: str,
    client: Client,
    made_at: datetime,
    method: str,
    agency_name: str,
    missing_episode: MissingEpisode | None = None,
    referral: Referral | None = None,
    **details: str | bool,
) -> Report:
    """Record the report and meet every open clock of its kind it answers that had started by `made_at`."""
    require_writer(user)
    _check(
        user=user,
        kind=kind,
        client=client,
        made_at=made_at,
        method=method,
        episode=missing_episode,
        referral=referral,
    )
    report = Report(
        county_id=client.county_id,
        client=client,
        kind=kind,
        made_at=made_at,
        method=method,
        agency_name=agency_name,
        missing_episode=missing_episode,
        referral=referral,
        created_by=user,
        **details,
    )
    save_with_history(report, user, "report recorded")
    if kind == ReportKind.LAW_ENFORCEMENT_MISSING and not report.ncic_entry_confirmed:
        return report  # the missing-child report is met once NCIC entry is confirmed (DOMAIN.md §5)
    clocks_meet(_clocks_answered(report), met_at=made_at, met_by=_met_by(report), user=user, report=report)
    return report
