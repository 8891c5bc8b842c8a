"""The rules a missing episode's instants follow, shared by recording them (`reporting.episodes`) and correcting
them (`reporting.episode_amendments`): DESIGN.md, "Records people can trust"."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from kernel.county_time import county_day, county_day_start
from kernel.errors import FieldErrors, add_error
from kernel.instants import BEFORE_BIRTH, LateEntry, check_instant
from referrals.models import Client, MissingEpisode
from referrals.selectors import csec_rows_open_on
from screening.models import Screening

BEFORE_MISSING = "Cannot be before the child was found missing."
SEEN_AFTER_MISSING = "Must be at or before the time the child was found missing."
RETURN_LATE = "Return: "
# What the history row clearing a return marked entered in error says first (`kernel.amend.history_reason`).
RETURN_IN_ERROR = "return entered in error"


def cse_concern_when_discovered(
    client: Client, discovered_at: datetime, reasonably_believed_cse: bool
) -> bool:
    """Believed exploited, or an open CSEC row or a positive latest screening on the day discovered missing;
    rows and screenings entered in error count for nothing."""
    if reasonably_believed_cse:
        return True
    if csec_rows_open_on(client, county_day(discovered_at, client.county)).exists():
        return True
    latest = Screening.objects.filter(
        client=client, performed_at__lte=discovered_at, entered_in_error_at__isnull=True
    ).order_by("-performed_at", "-created_at")
    return bool(latest.values_list("at_risk", flat=True).first())


def check_discovery(
    errors: FieldErrors,
    client: Client,
    discovered_at: datetime | None,
    last_seen_at: datetime | None,
    late: LateEntry | None,
    now: datetime,
) -> None:
    """When the child was found missing: a plausible instant, not before birth, beyond the county's late-entry
    window only with a reason (`late` None where it is not newly entered). When last seen: not before birth
    and not after the discovery; not windowed, as a child may have been last seen long before anyone knew."""
    born = county_day_start(client.date_of_birth, client.county)
    check_instant(errors, "discovered_at", discovered_at, now, after=(born, BEFORE_BIRTH), late=late)
    check_instant(errors, "last_seen_at", last_seen_at, now, required=False, after=(born, BEFORE_BIRTH))
    # Compared only once both are plausible instants: a naive one cannot be compared, a refused one need not be.
    if last_seen_at is not None and discovered_at is not None and not errors and last_seen_at > discovered_at:
        add_error(errors, "last_seen_at", SEEN_AFTER_MISSING)


def check_while_missing(
    errors: FieldErrors, field: str, at: datetime | None, episode: MissingEpisode, late: LateEntry | None
) -> None:
    """An instant that follows the child's being found missing (a locate attempt, a reconfirmation, the return):
    plausible, not before the discovery, beyond the late-entry window only with a reason."""
    after = (episode.discovered_at, BEFORE_MISSING)
    check_instant(errors, field, at, timezone.now(), after=after, late=late)


def late_entry(episode: MissingEpisode, reason: str | None) -> LateEntry:
    return LateEntry.of(episode.client.county, reason)


def open_episodes(client: Client) -> QuerySet[MissingEpisode]:
    """The child's episodes still open: not returned, and not entered in error."""
    return MissingEpisode.objects.filter(
        client=client, returned_at__isnull=True, entered_in_error_at__isnull=True
    )


def late_reason_parts(text: str) -> tuple[str, str]:
    """An episode's late-entry reason as (the discovery's, the return's): the return's is its last line, after
    `Return: `. One record, one field (DESIGN.md): the return is part of the episode."""
    head, marker, tail = text.rpartition(RETURN_LATE)
    if not marker or (head and not head.endswith("\n")):
        return text, ""
    return head.rstrip("\n"), tail


def late_reasons(discovery: str, ret: str) -> str:
    parts = [discovery.strip(), f"{RETURN_LATE}{ret.strip()}" if ret.strip() else ""]
    return "\n".join(part for part in parts if part)
