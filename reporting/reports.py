"""Recording a report made outside the agency; it meets the clocks it answers (DOMAIN.md §6, API.md rules)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kernel.roles import Role
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


def _validate(
    *,
    user: Any,
    kind: str,
    client: Client,
    made_at: datetime,
    method: str,
    episode: MissingEpisode | None,
    referral: Referral | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if made_at > timezone.now():
        errors["made_at"] = ["Cannot be in the future."]
    if kind == ReportKind.NCMEC and user.role == Role.PROBATION_OFFICER and method != ReportMethod.PHONE:
        errors["method"] = ["A probation officer reports to NCMEC by calling its call centre (method phone)."]
    if episode is not None and episode.client_id != client.pk:
        errors["missing_episode"] = ["This episode is another child's."]
    if referral is not None and referral.client_id != client.pk:
        errors["referral"] = ["This referral is another child's."]
    if errors:
        raise ValidationError(errors)


def _met_by(report: Report) -> str:
    return f"{report.get_kind_display()} report to {report.agency_name} ({report.get_method_display()})"


@transaction.atomic
def report_record(
    *,
    user: Any,
    kind: str,
    client: Client,
    made_at: datetime,
    method: str,
    agency_name: str,
    missing_episode: MissingEpisode | None = None,
    referral: Referral | None = None,
    **details: Any,
) -> Report:
    """Record the report and meet every open clock of its kind it answers that had started by `made_at`."""
    _validate(
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
    report.full_clean()
    report._history_user = user  # type: ignore[attr-defined]
    report.save()
    if kind == ReportKind.LAW_ENFORCEMENT_MISSING and not report.ncic_entry_confirmed:
        return report  # the missing-child report is met once NCIC entry is confirmed (DOMAIN.md §5)
    clocks = Deadline.objects.filter(client=client, kind=CLOCK_OF_REPORT[ReportKind(kind)])
    if missing_episode is not None:
        clocks = clocks.filter(missing_episode=missing_episode)
    clocks_meet(clocks, met_at=made_at, met_by=_met_by(report), user=user, report=report)
    return report
