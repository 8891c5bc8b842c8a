"""Recording a report made outside the agency; it meets the clocks it answers (DOMAIN.md §6, API.md rules)."""

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_day_start
from kernel.errors import FieldErrors, add_error, check_choice, raise_if
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, LateEntry, check_instant
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


BEFORE_DISCOVERY = "Cannot be before the child was found missing (the episode this report is about)."


def check_made_at(
    errors: FieldErrors,
    client: Client,
    made_at: datetime | None,
    episode: MissingEpisode | None,
    late: LateEntry | None,
) -> None:
    """When the report was made: a plausible instant, not before the child's birth nor, for a report about a
    missing episode, before the child was found missing; beyond the county's late-entry window only with a
    reason (`late` is None where the instant is not newly entered)."""
    born = county_day_start(client.date_of_birth, client.county)
    after = (born, BEFORE_BIRTH)
    if episode is not None and episode.discovered_at > born:
        after = (episode.discovered_at, BEFORE_DISCOVERY)
    check_instant(errors, "made_at", made_at, timezone.now(), after=after, late=late)


def check_method(errors: FieldErrors, kind: str, method: str, maker: User) -> None:
    check_choice(errors, "method", method, ReportMethod)
    if kind == ReportKind.NCMEC and maker.role == Role.PROBATION_OFFICER and method != ReportMethod.PHONE:
        add_error(
            errors,
            "method",
            "A probation officer reports to NCMEC by calling its call centre (method phone).",
        )


def _check(report: Report, user: User) -> None:
    """The rules of a new report, before it is saved."""
    errors: FieldErrors = {}
    client, episode, referral = report.client, report.missing_episode, report.referral
    check_choice(errors, "kind", report.kind, ReportKind)
    if episode is not None and episode.client_id != client.pk:
        add_error(errors, "missing_episode", "This episode is another child's.")
    elif episode is not None and episode.entered_in_error:
        add_error(errors, "missing_episode", "This episode is marked entered in error.")
    if referral is not None and referral.client_id != client.pk:
        add_error(errors, "referral", "This referral is another child's.")
    late = LateEntry.of(client.county, report.late_entry_reason)
    check_made_at(errors, client, report.made_at, episode, late)
    check_method(errors, report.kind, report.method, user)
    raise_if(errors)


def report_met_by(report: Report) -> str:
    return f"{report.get_kind_display()} report to {report.agency_name} ({report.get_method_display()})"


def clocks_answered(report: Report) -> QuerySet[Deadline]:
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
    late_entry_reason: str = "",
    **details: str | bool,
) -> Report:
    """Record the report and meet every open clock of its kind it answers that had started by `made_at`."""
    require_writer(user)
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
        late_entry_reason=(late_entry_reason or "").strip(),
        **details,
    )
    _check(report, user)
    save_with_history(report, user, "report recorded")
    report_meets(report, user)
    return report


def report_meets(report: Report, user: User) -> None:
    """Meet every open clock the report answers that had started by the time it was made."""
    if report.kind == ReportKind.LAW_ENFORCEMENT_MISSING and not report.ncic_entry_confirmed:
        return  # the missing-child report is met once NCIC entry is confirmed (DOMAIN.md §5)
    clocks_meet(
        clocks_answered(report),
        met_at=report.made_at,
        met_by=report_met_by(report),
        user=user,
        report=report,
    )
