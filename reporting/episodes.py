"""Missing episodes: discovery, locate attempts, reconfirmations, return (DOMAIN.md §5-6)."""

from datetime import datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.amend import refuse_if_in_error
from kernel.county_time import county_day, county_zone
from kernel.display import day_text, instant_text
from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.instants import LateEntry
from kernel.roles import require_writer
from referrals.models import Client, CsecRow, CsecType, LocateAttempt, MissingEpisode, Reconfirmation
from referrals.services import csec_row_document

from . import rules
from .clocks import (
    MISSING_REPORT_KINDS,
    clock_start,
    clocks_cancel,
    clocks_meet,
    next_period,
    open_clocks,
    reconfirmation_clocks_ensure,
)
from .county_settings import clock_settings_of
from .episode_rules import (
    check_discovery,
    check_while_missing,
    cse_concern_when_discovered,
    late_entry,
    late_reason_parts,
    late_reasons,
    open_episodes,
)
from .models import Deadline, DeadlineKind, Report, ReportKind

RETURNED = "returned"
# Categories whose guardian, for NCMEC, is the child welfare worker (dependents and nonminor dependents).
DEPENDENT_CATEGORIES = {"A", "C"}
SECOND_OPEN_EPISODE = "This child already has an open missing episode; record the return first."
RECONFIRMED = "Whereabouts reconfirmed"
# The notice of return owed to each agency a missing-child report was made to (DOMAIN.md §6).
RETURN_NOTICES = {
    ReportKind.LAW_ENFORCEMENT_MISSING: DeadlineKind.RETURN_NOTICE_LAW_ENFORCEMENT,
    ReportKind.NCMEC: DeadlineKind.RETURN_NOTICE_NCMEC,
}


def _refuse_a_second_open_episode(client: Client) -> None:
    Client.objects.select_for_update().filter(
        pk=client.pk
    ).first()  # one open episode per child, even in a race
    if open_episodes(client).exists():
        raise ValidationError({"client": [SECOND_OPEN_EPISODE]})


def clock_owed(episode: MissingEpisode, kind: str) -> bool:
    """No clock of `kind` stands for the episode (one set aside by a correction or an entry in error stands no
    more: the clock owed instead takes the next number, `next_period`)."""
    return not Deadline.objects.filter(missing_episode=episode, kind=kind, cancelled_at__isnull=True).exists()


def start_missing_report_clocks(episode: MissingEpisode, user: User) -> list[Deadline]:
    """A child of concern is reported missing to law enforcement and to NCMEC within 24 hours of discovery."""
    started = []
    for kind in MISSING_REPORT_KINDS:
        if not clock_owed(episode, kind):
            continue
        deadline = clock_start(
            client=episode.client,
            kind=kind,
            started_at=episode.discovered_at,
            due_at=rules.within_24_hours(episode.discovered_at),
            user=user,
            period=next_period(episode, kind),
            missing_episode=episode,
        )
        started += [deadline] if deadline is not None else []
    return started


@transaction.atomic
def episode_record(
    *,
    user: User,
    client: Client,
    discovered_at: datetime,
    circumstance: str,
    reasonably_believed_cse: bool = False,
    last_seen_at: datetime | None = None,
    last_known_location: str = "",
    late_entry_reason: str = "",
    now: datetime | None = None,
    **details: str,
) -> MissingEpisode:
    require_writer(user)
    now = now or timezone.now()
    errors: FieldErrors = {}
    late = LateEntry.of(client.county, late_entry_reason)
    check_discovery(errors, client, discovered_at, last_seen_at, late, now)
    raise_if(errors)
    _refuse_a_second_open_episode(client)
    episode = MissingEpisode(
        county_id=client.county_id,
        client=client,
        created_by=user,
        discovered_at=discovered_at,
        last_seen_at=last_seen_at,
        last_known_location=last_known_location,
        circumstance=circumstance,
        reasonably_believed_cse=reasonably_believed_cse,
        cse_concern=cse_concern_when_discovered(client, discovered_at, reasonably_believed_cse),
        late_entry_reason=(late_entry_reason or "").strip(),
        **details,
    )
    save_with_history(episode, user, "missing episode recorded")
    reconfirmation_clocks_ensure(episode, user, now)
    if episode.cse_concern:
        start_missing_report_clocks(episode, user)
    return episode


def follow_up_errors(episode: MissingEpisode) -> FieldErrors:
    """A follow-up hangs on an episode that stands: none on one entered in error."""
    refuse_if_in_error(episode)
    return {}


@transaction.atomic
def locate_attempt_record(
    *,
    user: User,
    episode: MissingEpisode,
    attempted_at: datetime,
    method: str,
    notes: str = "",
    late_entry_reason: str = "",
) -> LocateAttempt:
    require_writer(user)
    episode = MissingEpisode.objects.select_related("client__county").get(pk=episode.pk)
    errors = follow_up_errors(episode)
    check_while_missing(errors, "attempted_at", attempted_at, episode, late_entry(episode, late_entry_reason))
    raise_if(errors)
    attempt = LocateAttempt(
        county_id=episode.county_id,
        episode=episode,
        created_by=user,
        attempted_at=attempted_at,
        method=method,
        notes=notes,
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(attempt, user, "locate attempt recorded")
    return attempt


def _earliest_unmet_period(episode: MissingEpisode) -> QuerySet[Deadline]:
    """The oldest reconfirmation period still owed: one reconfirmation answers one period, not all of them."""
    periods = open_clocks(episode.client, DeadlineKind.WHEREABOUTS_RECONFIRMATION).filter(
        missing_episode=episode
    )
    return Deadline.objects.filter(pk__in=periods.order_by("due_at").values("pk")[:1])


@transaction.atomic
def reconfirmation_record(
    *,
    user: User,
    episode: MissingEpisode,
    confirmed_at: datetime,
    notes: str = "",
    late_entry_reason: str = "",
) -> Reconfirmation:
    """A documented check that whereabouts are still unknown; it meets the earliest unmet period, if that
    period had begun by the time of the check."""
    require_writer(user)
    now = timezone.now()
    episode = MissingEpisode.objects.select_related("client__county").get(pk=episode.pk)
    errors = follow_up_errors(episode)
    check_while_missing(errors, "confirmed_at", confirmed_at, episode, late_entry(episode, late_entry_reason))
    if episode.returned_at is not None:
        add_error(errors, "confirmed_at", "The child has returned; there is nothing to reconfirm.")
    raise_if(errors)
    reconfirmation = Reconfirmation(
        county_id=episode.county_id,
        episode=episode,
        created_by=user,
        confirmed_at=confirmed_at,
        notes=notes,
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(reconfirmation, user, "whereabouts reconfirmed")
    reconfirmation_clocks_ensure(episode, user, now)
    clocks_meet(_earliest_unmet_period(episode), met_at=confirmed_at, met_by=RECONFIRMED, user=user)
    return reconfirmation


def start_return_clocks(episode: MissingEpisode, user: User, returned_at: datetime) -> None:
    """The notices of return owed to whoever a standing missing-child report went to, and the return
    screening; a kind whose clock still stands (a correction kept it) is not started again."""
    settings = clock_settings_of(episode.client.county)
    reports = Report.objects.filter(missing_episode=episode, entered_in_error_at__isnull=True)
    owed = [
        (clock_kind, settings.return_notice_hours)
        for report_kind, clock_kind in RETURN_NOTICES.items()
        if reports.filter(kind=report_kind).exists()
    ]
    for kind, hours in [*owed, (DeadlineKind.RETURN_ASSESSMENT, settings.return_assessment_hours)]:
        if clock_owed(episode, kind):
            clock_start(
                client=episode.client,
                kind=kind,
                started_at=returned_at,
                due_at=rules.after_hours(returned_at, hours),
                user=user,
                period=next_period(episode, kind),
                missing_episode=episode,
            )


@transaction.atomic
def episode_return(
    *,
    user: User,
    episode: MissingEpisode,
    returned_at: datetime,
    location: str = "",
    absence_factors: str = "",
    experiences_while_absent: str = "",
    late_entry_reason: str = "",
) -> MissingEpisode:
    """The child is back: cancel unmet reconfirmations, start the return notices owed and the return screening."""
    require_writer(user)
    episode = MissingEpisode.objects.select_for_update().select_related("client__county").get(pk=episode.pk)
    errors = follow_up_errors(episode)
    if episode.returned_at is not None:
        raise ValidationError({"returned_at": ["The return of this episode is already recorded."]})
    now = timezone.now()
    check_while_missing(errors, "returned_at", returned_at, episode, late_entry(episode, late_entry_reason))
    raise_if(errors)
    episode.returned_at = returned_at
    episode.return_location = location
    episode.absence_factors = absence_factors
    episode.experiences_while_absent = experiences_while_absent
    if (late_entry_reason or "").strip():
        discovery, _ = late_reason_parts(episode.late_entry_reason)
        episode.late_entry_reason = late_reasons(discovery, late_entry_reason)
    save_with_history(episode, user, "return recorded", validate=False)
    reconfirmations = Deadline.objects.filter(
        missing_episode=episode, kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION
    )
    clocks_cancel(reconfirmations.select_for_update(), reason=RETURNED, user=user, at=now)
    start_return_clocks(episode, user, returned_at)
    return episode


def episode_document_exploitation(*, user: User, episode: MissingEpisode) -> CsecRow:
    """The return screening showed exploitation while away: document the row, which starts its report clock."""
    episode = MissingEpisode.objects.select_related("client__county").get(pk=episode.pk)
    refuse_if_in_error(episode)
    if episode.returned_at is None:
        raise ValidationError({"returned_at": ["Record the return first."]})
    county = episode.client.county
    return csec_row_document(
        user=user,
        client=episode.client,
        csec_type=CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT,
        start_date=county_day(episode.last_seen_at or episode.discovered_at, county),
        end_date=county_day(episode.returned_at, county),
        information_received_at=timezone.now(),
        reason="exploited while absent from placement (return screening)",
    )


PACKET_ITEMS = (
    "full_name",
    "date_of_birth",
    "missing_date",
    "missing_location",
    "law_enforcement_agency",
    "law_enforcement_contact",
    "law_enforcement_report_number",
    "guardian",
    "photo_release_contact",
)


PACKET_LABELS = {
    "full_name": "Full name",
    "date_of_birth": "Date of birth",
    "missing_date": "Date and time last seen",
    "missing_location": "Place last seen",
    "law_enforcement_agency": "Investigating law enforcement agency",
    "law_enforcement_contact": "Law enforcement contact",
    "law_enforcement_report_number": "Law enforcement report number",
    "guardian": "Guardian",
    "photo_release_contact": "Who may release photographs",
}


class NcmecPacket(TypedDict):
    complete: bool
    missing: list[str]  # the items of PACKET_ITEMS still blank
    fields: dict[str, str]  # each item of PACKET_ITEMS, "" when not known yet


def ncmec_packet_items(packet: NcmecPacket, episode: MissingEpisode) -> list[tuple[str, str]]:
    """The packet as (label, value shown) pairs for a page, times in the county's zone."""
    shown = dict(packet["fields"])
    if shown["missing_date"]:
        missing_at = episode.last_seen_at or episode.discovered_at
        shown["missing_date"] = instant_text(missing_at, county_zone(episode.client))
    if shown["date_of_birth"]:
        shown["date_of_birth"] = day_text(episode.client.date_of_birth)
    return [(PACKET_LABELS[item], shown[item]) for item in PACKET_ITEMS]


def _police_report(episode: MissingEpisode) -> Report | None:
    """The report to law enforcement NCMEC asks about: the missing-child report, else the exploitation one (of
    those standing: one entered in error tells NCMEC nothing)."""
    return (
        Report.objects.filter(
            missing_episode=episode,
            kind__in=[ReportKind.LAW_ENFORCEMENT_MISSING, ReportKind.LAW_ENFORCEMENT],
            entered_in_error_at__isnull=True,
        )
        .order_by("-kind", "-made_at")
        .first()
    )


def ncmec_packet(episode: MissingEpisode) -> NcmecPacket:
    """What NCMEC needs before the call, and which of it is still missing (DOMAIN.md §6)."""
    client = episode.client
    police = _police_report(episode)
    category = client.cws_category_on(county_day(episode.discovered_at, client.county)).category
    guardian = (
        str(client.assigned_worker) if category in DEPENDENT_CATEGORIES else episode.guardian_contact
    ) or episode.guardian_contact
    missing_at = episode.last_seen_at or episode.discovered_at
    fields = {
        "full_name": client.full_name,
        "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else "",
        "missing_date": missing_at.isoformat() if missing_at else "",
        "missing_location": episode.last_known_location,
        "law_enforcement_agency": police.agency_name if police else "",
        "law_enforcement_contact": police.recipient if police else "",
        "law_enforcement_report_number": (
            (police.missing_person_report_number or police.report_number) if police else ""
        ),
        "guardian": guardian,
        "photo_release_contact": episode.photo_release_contact,
    }
    missing = [item for item in PACKET_ITEMS if not fields[item]]
    return {"complete": not missing, "missing": missing, "fields": fields}
