"""Missing episodes: discovery, locate attempts, reconfirmations, return (DOMAIN.md §5-6)."""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from referrals.models import Client, CsecType, LocateAttempt, MissingEpisode, Reconfirmation
from referrals.services import csec_row_document
from screening.models import Screening

from . import rules
from .clocks import clock_start, clocks_cancel, reconfirmation_clocks_ensure
from .county_settings import clock_settings_of
from .models import Deadline, DeadlineKind, Report, ReportKind

RETURNED = "returned"
# Categories whose guardian, for NCMEC, is the child welfare worker (dependents and nonminor dependents).
DEPENDENT_CATEGORIES = {"A", "C"}


def _not_future(field: str, value: datetime | None, now: datetime) -> None:
    if value is not None and value > now:
        raise ValidationError({field: ["Cannot be in the future."]})


def _save(obj: Any, user: Any, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save()


def cse_concern_when_discovered(
    client: Client, discovered_at: datetime, reasonably_believed_cse: bool
) -> bool:
    """Believed exploited, or an open CSEC row or a positive latest screening on the day discovered missing."""
    if reasonably_believed_cse:
        return True
    day = discovered_at.astimezone(client.county.zone).date()
    open_row = client.csec_rows.filter(start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    if open_row.exists():
        return True
    latest = Screening.objects.filter(client=client, performed_at__lte=discovered_at).order_by(
        "-performed_at"
    )
    return bool(latest.values_list("at_risk", flat=True).first())


@transaction.atomic
def episode_record(
    *,
    user: Any,
    client: Client,
    discovered_at: datetime,
    circumstance: str,
    reasonably_believed_cse: bool = False,
    last_seen_at: datetime | None = None,
    last_known_location: str = "",
    now: datetime | None = None,
    **details: Any,
) -> MissingEpisode:
    now = now or timezone.now()
    _not_future("discovered_at", discovered_at, now)
    _not_future("last_seen_at", last_seen_at, now)
    if last_seen_at is not None and last_seen_at > discovered_at:
        raise ValidationError(
            {"last_seen_at": ["Must be at or before the time the child was found missing."]}
        )
    Client.objects.select_for_update().filter(
        pk=client.pk
    ).first()  # one open episode per child, even in a race
    if MissingEpisode.objects.filter(client=client, returned_at__isnull=True).exists():
        raise ValidationError(
            {"client": ["This child already has an open missing episode; record the return first."]}
        )
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
    episode.full_clean()
    _save(episode, user, "missing episode recorded")
    reconfirmation_clocks_ensure(episode, user, now)
    if episode.cse_concern:
        for kind in (DeadlineKind.LAW_ENFORCEMENT_MISSING_REPORT, DeadlineKind.NCMEC_REPORT):
            clock_start(
                client=client,
                kind=kind,
                started_at=discovered_at,
                due_at=rules.within_24_hours(discovered_at),
                user=user,
                missing_episode=episode,
            )
    return episode


def _within_episode(field: str, at: datetime, episode: MissingEpisode, now: datetime) -> None:
    _not_future(field, at, now)
    if at < episode.discovered_at:
        raise ValidationError({field: ["Cannot be before the child was found missing."]})


@transaction.atomic
def locate_attempt_record(
    *, user: Any, episode: MissingEpisode, attempted_at: datetime, method: str, notes: str = ""
) -> LocateAttempt:
    _within_episode("attempted_at", attempted_at, episode, timezone.now())
    attempt = LocateAttempt(
        county_id=episode.county_id,
        episode=episode,
        created_by=user,
        attempted_at=attempted_at,
        method=method,
        notes=notes,
    )
    attempt.full_clean()
    _save(attempt, user, "locate attempt recorded")
    return attempt


@transaction.atomic
def reconfirmation_record(
    *, user: Any, episode: MissingEpisode, confirmed_at: datetime, notes: str = ""
) -> Reconfirmation:
    """A documented check that whereabouts are still unknown; it meets the earliest unmet period."""
    now = timezone.now()
    _within_episode("confirmed_at", confirmed_at, episode, now)
    if episode.returned_at is not None:
        raise ValidationError({"confirmed_at": ["The child has returned; there is nothing to reconfirm."]})
    reconfirmation = Reconfirmation(
        county_id=episode.county_id, episode=episode, created_by=user, confirmed_at=confirmed_at, notes=notes
    )
    _save(reconfirmation, user, "whereabouts reconfirmed")
    reconfirmation_clocks_ensure(episode, user, now)
    earliest = (
        Deadline.objects.select_for_update()
        .filter(
            missing_episode=episode,
            kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION,
            met_at__isnull=True,
            cancelled_at__isnull=True,
        )
        .order_by("period")
        .first()
    )
    if earliest is not None:
        earliest.met_at = confirmed_at
        earliest.met_late = confirmed_at > earliest.due_at
        earliest.met_by = "Whereabouts reconfirmed"
        _save(earliest, user, "met by a reconfirmation")
    return reconfirmation


@transaction.atomic
def episode_return(
    *,
    user: Any,
    episode: MissingEpisode,
    returned_at: datetime,
    location: str = "",
    absence_factors: str = "",
    experiences_while_absent: str = "",
) -> MissingEpisode:
    """The child is back: cancel unmet reconfirmations, start the return notices owed and the return screening."""
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    if episode.returned_at is not None:
        raise ValidationError({"returned_at": ["The return of this episode is already recorded."]})
    now = timezone.now()
    _not_future("returned_at", returned_at, now)
    if returned_at < episode.discovered_at:
        raise ValidationError({"returned_at": ["Cannot be before the child was found missing."]})
    episode.returned_at = returned_at
    episode.return_location = location
    episode.absence_factors = absence_factors
    episode.experiences_while_absent = experiences_while_absent
    _save(episode, user, "return recorded")
    reconfirmations = Deadline.objects.filter(
        missing_episode=episode, kind=DeadlineKind.WHEREABOUTS_RECONFIRMATION
    )
    clocks_cancel(reconfirmations.select_for_update(), reason=RETURNED, user=user, at=now)
    settings = clock_settings_of(episode.client.county)
    notices = {
        ReportKind.LAW_ENFORCEMENT_MISSING: DeadlineKind.RETURN_NOTICE_LAW_ENFORCEMENT,
        ReportKind.NCMEC: DeadlineKind.RETURN_NOTICE_NCMEC,
    }
    for report_kind, clock_kind in notices.items():
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
    return episode


def episode_document_exploitation(*, user: Any, episode: MissingEpisode) -> Any:
    """The return screening showed exploitation while away: document the row, which starts its report clock."""
    episode = MissingEpisode.objects.select_related("client__county").get(pk=episode.pk)
    if episode.returned_at is None:
        raise ValidationError({"returned_at": ["Record the return first."]})
    zone = episode.client.county.zone
    first_day_absent = (episode.last_seen_at or episode.discovered_at).astimezone(zone).date()
    return csec_row_document(
        user=user,
        client=episode.client,
        csec_type=CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT,
        start_date=first_day_absent,
        end_date=episode.returned_at.astimezone(zone).date(),
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


def ncmec_packet_items(packet: dict[str, Any], episode: MissingEpisode) -> list[tuple[str, str]]:
    """The packet as (label, value shown) pairs for a page, times in the county's zone."""
    shown = dict(packet["fields"])
    if shown["missing_date"]:
        local = (episode.last_seen_at or episode.discovered_at).astimezone(episode.client.county.zone)
        shown["missing_date"] = local.strftime("%a %-d %b %Y, %H:%M")
    return [(PACKET_LABELS[item], shown[item]) for item in PACKET_ITEMS]


def ncmec_packet(episode: MissingEpisode) -> dict[str, Any]:
    """What NCMEC needs before the call, and which of it is still missing (DOMAIN.md §6)."""
    client = episode.client
    police = (
        Report.objects.filter(
            missing_episode=episode, kind__in=[ReportKind.LAW_ENFORCEMENT_MISSING, ReportKind.LAW_ENFORCEMENT]
        )
        .order_by("-kind", "-made_at")
        .first()
    )
    category = client.cws_category_on(episode.discovered_at.astimezone(client.county.zone).date()).category
    guardian = (
        str(client.assigned_worker) if category in DEPENDENT_CATEGORIES else episode.guardian_contact
    ) or episode.guardian_contact
    missing_at = episode.last_seen_at or episode.discovered_at
    fields: dict[str, Any] = {
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
