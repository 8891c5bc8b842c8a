"""Corrections of a missing episode (its return included), its locate attempts and its reconfirmations, and
those entries marked entered in error (DESIGN.md, "Records people can trust"; API.md, "Added in v1.1").

A correction names the fields it changes and why. The entry is locked, checked again by the rules it passed when
it was recorded (an instant newly entered also by the county's late-entry window) and saved with a history row
keeping both versions; the clocks then follow it (`reporting.episode_clocks`). An entry marked entered in error
keeps every field and gains the mark; an episode so marked takes no follow-up, correction or mark of its own or
of its follow-ups. The return is part of the episode: marked entered in error, its fields are cleared (history
keeps them, with who and why) and the episode is open again.
"""

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import (
    BOOLEAN,
    NON_FIELD,
    check_reason,
    correction_errors,
    correction_write,
    history_reason,
    late_window,
    mark_entered_in_error,
    merged,
    newly_entered,
    refuse_if_in_error,
)
from kernel.errors import FieldErrors, add_error, check_choice, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import check_instant
from kernel.roles import require_writer
from referrals.models import Client, LocateAttempt, MissingCircumstance, MissingEpisode, Reconfirmation

from .episode_clocks import (
    EpisodeFacts,
    episode_clocks_follow,
    episode_clocks_void,
    reconfirmations_settle,
    return_clocks_void,
)
from .episode_rules import (
    BEFORE_MISSING,
    RETURN_IN_ERROR,
    check_discovery,
    check_while_missing,
    cse_concern_when_discovered,
    late_reason_parts,
    late_reasons,
    open_episodes,
)

EPISODE_CORRECTABLE = frozenset(
    {
        "discovered_at",
        "last_seen_at",
        "last_known_location",
        "circumstance",
        "reasonably_believed_cse",
        "photo_release_contact",
        "guardian_contact",
        "physical_description",
        "risk_factors",
    }
)
RETURN_CORRECTABLE = frozenset(
    {"returned_at", "return_location", "absence_factors", "experiences_while_absent"}
)
ATTEMPT_CORRECTABLE = frozenset({"attempted_at", "method", "notes"})
RECONFIRMATION_CORRECTABLE = frozenset({"confirmed_at", "notes"})
NO_RETURN = "No return is recorded for this episode."
ANOTHER_OPEN_EPISODE = (
    "This child has another open missing episode: the return cannot be undone while that one is open."
)
FOLLOW_UP_BEFORE = (
    "A locate attempt, reconfirmation or report of this episode is dated before this time: correct it first."
)


def follow_ups_before(episode: MissingEpisode, discovered_at: datetime) -> bool:
    """Whether a standing follow-up of the episode is dated before `discovered_at`."""
    standing = {"entered_in_error_at__isnull": True}
    return (
        episode.locate_attempts.filter(attempted_at__lt=discovered_at, **standing).exists()
        or episode.reconfirmations.filter(confirmed_at__lt=discovered_at, **standing).exists()
        or episode.reports.filter(made_at__lt=discovered_at, **standing).exists()
    )


def check_return_correction(
    errors: FieldErrors, episode: MissingEpisode, changes: dict[str, Any], late_reason: str | None
) -> None:
    """The return as corrected: recorded first, then not before the (corrected) discovery."""
    named = sorted(set(changes) & RETURN_CORRECTABLE)
    if episode.returned_at is None:
        for name in named:
            add_error(errors, name, NO_RETURN)
        return
    discovered_at = episode.discovered_at
    if "discovered_at" not in errors:  # a refused discovery is no measure of the return
        discovered_at = merged(changes, "discovered_at", episode.discovered_at)
    after = (discovered_at, BEFORE_MISSING)
    standing = late_reason_parts(episode.late_entry_reason)[1]
    late = late_window(episode.client.county, episode, "returned_at", changes, (late_reason, standing))
    returned_at = merged(changes, "returned_at", episode.returned_at)
    check_instant(errors, "returned_at", returned_at, timezone.now(), after=after, late=late)


def check_episode_correction(
    errors: FieldErrors, episode: MissingEpisode, changes: dict[str, Any], late_reason: str | None
) -> None:
    """The rules of a new episode, on the episode as corrected, and those of its return when it has one."""
    client = episode.client
    check_choice(
        errors, "circumstance", merged(changes, "circumstance", episode.circumstance), MissingCircumstance
    )
    if not isinstance(merged(changes, "reasonably_believed_cse", episode.reasonably_believed_cse), bool):
        add_error(errors, "reasonably_believed_cse", BOOLEAN)
    discovered_at: datetime = merged(changes, "discovered_at", episode.discovered_at)
    standing = late_reason_parts(episode.late_entry_reason)[0]
    late = late_window(client.county, episode, "discovered_at", changes, (late_reason, standing))
    last_seen_at = merged(changes, "last_seen_at", episode.last_seen_at)
    check_discovery(errors, client, discovered_at, last_seen_at, late, timezone.now())
    check_return_correction(errors, episode, changes, late_reason)
    moved = not errors and newly_entered(episode, "discovered_at", changes)
    if moved and follow_ups_before(episode, discovered_at):
        add_error(errors, "discovered_at", FOLLOW_UP_BEFORE)


def episode_late_reason(episode: MissingEpisode, changes: dict[str, Any], late_reason: str | None) -> str:
    """The episode's late-entry reason once corrected: a reason given now answers for the instant it enters
    (the return's when only the return's time changes, else the discovery's)."""
    given = (late_reason or "").strip()
    if not given:
        return episode.late_entry_reason
    discovery, ret = late_reason_parts(episode.late_entry_reason)
    returning = newly_entered(episode, "returned_at", changes)
    if newly_entered(episode, "discovered_at", changes) or not returning:
        discovery = given
    return late_reasons(discovery, given if returning else ret)


@transaction.atomic
def episode_correct(
    *,
    user: User,
    episode: MissingEpisode,
    reason: str,
    late_entry_reason: str | None = None,
    **changes: Any,
) -> MissingEpisode:
    """Correct the episode (and its return, when recorded); its clocks follow the corrected facts."""
    require_writer(user)
    refuse_unknown(changes, EPISODE_CORRECTABLE | RETURN_CORRECTABLE)
    episode = (
        MissingEpisode.objects.select_for_update(of=("self",))
        .select_related("client__county")
        .get(pk=episode.pk)
    )
    errors = correction_errors(episode, reason, changes, late_entry_reason)
    check_episode_correction(errors, episode, changes, late_entry_reason)
    raise_if(errors)
    before = EpisodeFacts.of(episode)
    if newly_entered(episode, "discovered_at", changes) or newly_entered(
        episode, "reasonably_believed_cse", changes
    ):
        episode.cse_concern = cse_concern_when_discovered(
            episode.client,
            merged(changes, "discovered_at", episode.discovered_at),
            merged(changes, "reasonably_believed_cse", episode.reasonably_believed_cse),
        )
    episode.late_entry_reason = episode_late_reason(episode, changes, late_entry_reason)
    correction_write(episode, user, what="missing episode", reason=reason, changes=changes)
    episode_clocks_follow(episode, before, user, timezone.now())
    return episode


@transaction.atomic
def locate_attempt_correct(
    *, user: User, attempt: LocateAttempt, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> LocateAttempt:
    require_writer(user)
    refuse_unknown(changes, ATTEMPT_CORRECTABLE)
    attempt = (
        LocateAttempt.objects.select_for_update(of=("self",))
        .select_related("episode__client__county")
        .get(pk=attempt.pk)
    )
    episode = attempt.episode
    refuse_if_in_error(episode)
    errors = correction_errors(attempt, reason, changes, late_entry_reason)
    reasons = (late_entry_reason, attempt.late_entry_reason)
    late = late_window(episode.client.county, attempt, "attempted_at", changes, reasons)
    check_while_missing(
        errors, "attempted_at", merged(changes, "attempted_at", attempt.attempted_at), episode, late
    )
    check_text(errors, "method", merged(changes, "method", attempt.method))
    raise_if(errors)
    correction_write(
        attempt, user, what="locate attempt", reason=reason, changes=changes, late_reason=late_entry_reason
    )
    return attempt


@transaction.atomic
def reconfirmation_correct(
    *,
    user: User,
    reconfirmation: Reconfirmation,
    reason: str,
    late_entry_reason: str | None = None,
    **changes: Any,
) -> Reconfirmation:
    """Correct a reconfirmation; a changed time settles again which periods the reconfirmations meet."""
    require_writer(user)
    refuse_unknown(changes, RECONFIRMATION_CORRECTABLE)
    # The episode first, as recording a reconfirmation and the sweep take it: its periods change under it.
    episodes = MissingEpisode.objects.select_for_update(of=("self",)).select_related("client__county")
    episode = episodes.get(pk=reconfirmation.episode_id)
    refuse_if_in_error(episode)
    reconfirmation = Reconfirmation.objects.select_for_update().get(pk=reconfirmation.pk)
    errors = correction_errors(reconfirmation, reason, changes, late_entry_reason)
    reasons = (late_entry_reason, reconfirmation.late_entry_reason)
    late = late_window(episode.client.county, reconfirmation, "confirmed_at", changes, reasons)
    confirmed_at = merged(changes, "confirmed_at", reconfirmation.confirmed_at)
    check_while_missing(errors, "confirmed_at", confirmed_at, episode, late)
    raise_if(errors)
    moves = newly_entered(reconfirmation, "confirmed_at", changes)
    correction_write(
        reconfirmation,
        user,
        what="reconfirmation",
        reason=reason,
        changes=changes,
        late_reason=late_entry_reason,
    )
    if moves:
        reconfirmations_settle(episode, user, timezone.now())
    return reconfirmation


@transaction.atomic
def episode_void(*, user: User, episode: MissingEpisode, reason: str) -> MissingEpisode:
    """The whole episode was entered in error: every clock naming it is set aside."""
    require_writer(user)
    episode = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
    mark_entered_in_error(episode, user, reason, what="missing episode", at=timezone.now())
    episode_clocks_void(episode, user)
    return episode


@transaction.atomic
def locate_attempt_void(*, user: User, attempt: LocateAttempt, reason: str) -> LocateAttempt:
    require_writer(user)
    attempt = (
        LocateAttempt.objects.select_for_update(of=("self",)).select_related("episode").get(pk=attempt.pk)
    )
    refuse_if_in_error(attempt.episode)
    mark_entered_in_error(attempt, user, reason, what="locate attempt", at=timezone.now())
    return attempt


@transaction.atomic
def reconfirmation_void(*, user: User, reconfirmation: Reconfirmation, reason: str) -> Reconfirmation:
    """A reconfirmation entered in error: the period it met is met by another standing one, or reopens."""
    require_writer(user)
    episode = MissingEpisode.objects.select_for_update().get(pk=reconfirmation.episode_id)
    refuse_if_in_error(episode)
    reconfirmation = Reconfirmation.objects.select_for_update().get(pk=reconfirmation.pk)
    now = timezone.now()
    mark_entered_in_error(reconfirmation, user, reason, what="reconfirmation", at=now)
    reconfirmations_settle(episode, user, now)
    return reconfirmation


def check_return_void(episode: MissingEpisode, reason: str) -> None:
    refuse_if_in_error(episode)
    errors: FieldErrors = {}
    check_reason(errors, reason)
    if episode.returned_at is None:
        add_error(errors, NON_FIELD, NO_RETURN)
    elif open_episodes(episode.client).exclude(pk=episode.pk).exists():
        add_error(errors, NON_FIELD, ANOTHER_OPEN_EPISODE)
    raise_if(errors)


@transaction.atomic
def episode_return_void(*, user: User, episode: MissingEpisode, reason: str) -> MissingEpisode:
    """The return was entered in error: the episode is open again, the return's clocks are set aside and its
    reconfirmation periods resume."""
    require_writer(user)
    # The child first, as recording an episode takes it: one open episode per child, even in a race.
    Client.objects.select_for_update().filter(pk=episode.client_id).first()
    episode = (
        MissingEpisode.objects.select_for_update(of=("self",))
        .select_related("client__county")
        .get(pk=episode.pk)
    )
    check_return_void(episode, reason)
    episode.returned_at = None
    episode.return_location = episode.absence_factors = episode.experiences_while_absent = ""
    episode.late_entry_reason = late_reason_parts(episode.late_entry_reason)[0]
    save_with_history(episode, user, history_reason(RETURN_IN_ERROR, reason), validate=False)
    return_clocks_void(episode, user, timezone.now())
    return episode
