"""Missing episodes: discovery, locate attempts, reconfirmations, return (DOMAIN.md §5-6)."""

from datetime import datetime
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_day, county_zone
from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.instants import check_instant
from kernel.roles import require_writer
from referrals.models import Client, CsecRow, CsecType, LocateAttempt, MissingEpisode, Reconfirmation
from referrals.selectors import csec_rows_open_on
from referrals.services import csec_row_document
from screening.models import Screening

from . import rules
from .clocks import (
    MISSING_REPORT_KINDS,
    clock_start,
    clocks_cancel,
    clocks_meet,
    open_clocks,
    reconfirmation_clocks_ensure,
)
from .county_settings import clock_settings_of
from .models import Deadline, DeadlineKind, Report, ReportKind

RETURNED = "returned"
# Categories whose guardian, for NCMEC, is the child welfare worker (dependents and nonminor dependents).
DEPENDENT_CATEGORIES = {"A", "C"}
BEFORE_MISSING = "Cannot be before the child was found missing."
SEEN_AFTER_MISSING = "Must be at or before the time the child was found missing."
# The notice of return owed to each agency a missing-child report was made to (DOMAIN.md §6).
RETURN_NOTICES = {
    ReportKind.LAW_ENFORCEMENT_MISSING: DeadlineKind.RETURN_NOTICE_LAW_ENFORCEMENT,
    ReportKind.NCMEC: DeadlineKind.RETURN_NOTICE_NCMEC,
}


def cse_concern_when_discovered(
    client: Client, discovered_at: datetime, reasonably_believed_cse: bool
) -> bool:
    """Believed exploited, or an open CSEC row or a positive latest screening on the day discovered missing."""
    if reasonably_believed_cse:
        return True
    if csec_rows_open_on(client, county_day(discovered_at, client.county)).exists():
        return True
    latest = Screening.objects.filter(client=client, performed_at__lte=discovered_at).order_by(
        "-performed_at"
    )
    return bool(latest.values_list("at_risk", flat=True).first())


def _check_discovery(discovered_at: datetime, last_seen_at: datetime | None, now: datetime) -> None:
    errors: FieldErrors = {}
    check_instant(errors, "discovered_at", discovered_at, now)
    check_instant(errors, "last_seen_at", last_seen_at, now, required=False)
    # Compared only once both are plausible instants: a naive one cannot be compared, a refused one need not be.
    if last_seen_at is not None and not errors and last_seen_at > discovered_at:
        add_error(errors, "last_seen_at", SEEN_AFTER_MISSING)
    raise_if(errors)


def _refuse_a_second_open_episode(client: Client) -> None:
    Client.objects.select_for_update().filter(
        pk=client.pk
    ).first()  # one open episode per child, even in a race
    if MissingEpisode.objects.filter(client=client, returned_at__isnull=True).exists():
        raise ValidationError(
            {"client": ["This child already has an open missing episode; record the return first."]}
        )


def _start_missing_report_clocks(episode: MissingEpisode, user: User) -> None:
    """A child of concern is reported missing to law enforcement and to NCMEC within 24 hours of discovery."""
    for kind in MISSING_REPORT_KINDS:
        clock_start(
            client=episode.client,
            kind=kind,
            started_at=episode.discovered_at,
            due_at=rules.within_24_hours(episode.discovered_at),
            user=user,
            missing_episode=episode,
        )


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
    now: datetime | None = None,
    **details: str,
) -> MissingEpisode:
    require_writer(user)
    now = now or timezone.now()
    _check_discovery(discovered_at, last_seen_at, now)
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
        **details,
    )
    save_with_history(episode, user, "missing episode recorded")
    reconfirmation_clocks_ensure(episode, user, now)
    if episode.cse_concern:
        _start_missing_report_clocks(episode, user)
    return episode


def _while_missing(field: str, at: datetime, episode: MissingEpisode, now: datetime) -> FieldErrors:
    """The refusals of an instant that must fall between the child's being found missing and now."""
    errors: FieldErrors = {}
    check_instant(errors, field, at, now, after=(episode.discovered_at, BEFORE_MISSING))
    return errors


@transaction.atomic
def locate_attempt_record(
    *, user: User, episode: MissingEpisode, attempted_at: datetime, method: str, notes: str = ""
) -> LocateAttempt:
    require_writer(user)
    raise_if(_while_missing("attempted_at", attempted_at, episode, timezone.now()))
    attempt = LocateAttempt(
        county_id=episode.county_id,
        episode=episode,
        created_by=user,
        attempted_at=attempted_at,
        method=method,
        notes=notes,
    )
    save_with_history(attempt, user, "locate attempt recorded")
    return attempt


def _earliest_unmet_period(episode: MissingEpisode) -> QuerySet[Deadline]:
    """The oldest reconfirmation period still owed: one reconfirmation answers one period, not all of them."""
    periods = open_clocks(episode.client, DeadlineKind.WHEREABOUTS_RECONFIRMATION).filter(
        missing_episode=episode
    )
    return Deadline.objects.filter(pk__in=periods.order_by("period").values("pk")[:1])


@transaction.atomic
def reconfirmation_record(
    *, user: User, episode: MissingEpisode, confirmed_at: datetime, notes: str = ""
) -> Reconfirmation:
    """A documented check that whereabouts are still unknown; it meets the earliest unmet period, if that
    period had begun by the time of the check."""
    require_writer(user)
    now = timezone.now()
    errors = _while_missing("confirmed_at", confirmed_at, episode, now)
    if episode.returned_at is not None:
        add_error(errors, "confirmed_at", "The child has returned; there is nothing to reconfirm.")
    raise_if(errors)
    reconfirmation = Reconfirmation(
        county_id=episode.county_id, episode=episode, created_by=user, confirmed_at=confirmed_at, notes=notes
    )
    save_with_history(reconfirmation, user, "whereabouts reconfirmed", validate=False)
    reconfirmation_clocks_ensure(episode, user, now)
    clocks_meet(
        _earliest_unmet_period(episode), met_at=confirmed_at, met_by="Whereabouts reconfirmed", user=user
    )
    return reconfirmation


def _start_return_clocks(episode: MissingEpisode, user: User, returned_at: datetime) -> None:
    """The notices of return owed to whoever a missing-child report went to, and the return screening."""
    settings = clock_settings_of(episode.client.county)
    for report_kind, clock_kind in RETURN_NOTICES.items():
        if Report.objects.filter(missing_episode=episode, kind=report_kind).exists():
            clock_start(
                client=episode.client,
                kind=clock_kind,
                started_at=returned_at,
                due_at=rules.after_hours(returned_at, settings.return_notice_hours),
                user=user,
                missing_episode=episode,
            )
    clock_start(
        client=episode.client,
        kind=DeadlineKind.RETURN_ASSESSMENT,
        started_at=returned_at,
        due_at=rules.after_hours(returned_at, settings.return_assessment_hours),
        user=user,
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
) -> MissingEpisode:
    """The child is back: cancel unmet reconfirmations, start the return notices owed and the return screening."""
    require_writer(user)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    if episode.returned_at is not None:
        raise ValidationError({"returned_at": ["The return of this episode is already recorded."]})
    now = timezone.now()
    raise_if(_while_missing("returned_at", returned_at, episode, now))
    episode.returned_at = returned_at
    episode.return_location = location
    episode.absence_factors = absence_factors
    episode.experiences_while_absent = experiences_while_absent
    save_with_history(episode, user, "return recorded", validate=False)
    reconfirmations = Deadline.objects.filter(
        missing_episode=episode, kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION
    )
    clocks_cancel(reconfirmations.select_for_update(), reason=RETURNED, user=user, at=now)
    _start_return_clocks(episode, user, returned_at)
    return episode


def episode_document_exploitation(*, user: User, episode: MissingEpisode) -> CsecRow:
    """The return screening showed exploitation while away: document the row, which starts its report clock."""
    episode = MissingEpisode.objects.select_related("client__county").get(pk=episode.pk)
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
        local = (episode.last_seen_at or episode.discovered_at).astimezone(county_zone(episode.client))
        shown["missing_date"] = local.strftime("%a %-d %b %Y, %H:%M")
    return [(PACKET_LABELS[item], shown[item]) for item in PACKET_ITEMS]


def _police_report(episode: MissingEpisode) -> Report | None:
    """The report to law enforcement NCMEC asks about: the missing-child report, else the exploitation one."""
    return (
        Report.objects.filter(
            missing_episode=episode, kind__in=[ReportKind.LAW_ENFORCEMENT_MISSING, ReportKind.LAW_ENFORCEMENT]
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
