"""Reads of clocks, reports, episodes and notifications, scoped to the caller's county."""

from datetime import datetime
from typing import TypedDict
from uuid import UUID

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from simple_history.utils import get_history_model_for_model

from accounts.models import User
from accounts.selectors import scoped, scoped_get
from referrals.models import Client, LocateAttempt, MissingEpisode, Reconfirmation

from .episode_rules import RETURN_IN_ERROR
from .models import Deadline, DeadlineStatus, Notification, NotificationClock, Report


class DeadlineFilters(TypedDict, total=False):
    """What a list of clocks may be narrowed to; a blank value narrows nothing."""

    client: UUID
    referral: UUID
    missing_episode: UUID
    kind: str
    status: str


def _with_status(clocks: QuerySet[Deadline], status: str | None, now: datetime) -> QuerySet[Deadline]:
    unmet = Q(met_at__isnull=True, cancelled_at__isnull=True)
    if status == DeadlineStatus.MET:
        return clocks.filter(met_at__isnull=False)
    if status == DeadlineStatus.CANCELLED:
        return clocks.filter(cancelled_at__isnull=False)
    if status == DeadlineStatus.OVERDUE:
        return clocks.filter(unmet, due_at__lte=now)
    if status == DeadlineStatus.OPEN:
        return clocks.filter(unmet, due_at__gt=now)
    return clocks


def deadlines_visible(user: User, filters: DeadlineFilters | None = None) -> QuerySet[Deadline]:
    filters = filters or DeadlineFilters()
    clocks = scoped(Deadline.objects.all(), user).select_related("client", "assigned_to", "met_by_report")
    lookups = {
        "client_id": filters.get("client"),
        "referral_id": filters.get("referral"),
        "missing_episode_id": filters.get("missing_episode"),
        "kind": filters.get("kind"),
    }
    clocks = clocks.filter(**{lookup: value for lookup, value in lookups.items() if value})
    return _with_status(clocks, filters.get("status"), timezone.now())


def client_clocks(user: User, client: Client) -> QuerySet[Deadline]:
    return deadlines_visible(user, {"client": client.pk}).order_by("due_at")


def reports_visible(user: User) -> QuerySet[Report]:
    """The reports of the user's county, with the ids of the clocks each met in one query for the whole page."""
    met = Prefetch(
        "met_deadlines", queryset=Deadline.objects.order_by("due_at", "id").only("id", "met_by_report")
    )
    return scoped(Report.objects.all(), user).prefetch_related(met)


def episodes_visible(user: User) -> QuerySet[MissingEpisode]:
    return scoped(MissingEpisode.objects.all(), user).select_related("client")


def episode_get(user: User, episode_id: str | UUID) -> MissingEpisode:
    """One episode of the user's county, with its child and county (the pages show times in its zone)."""
    return scoped_get(MissingEpisode.objects.select_related("client__county"), user, pk=episode_id)


def locate_attempt_get(user: User, attempt_id: str | UUID) -> LocateAttempt:
    attempts = LocateAttempt.objects.select_related("episode__client__county")
    return scoped_get(attempts, user, pk=attempt_id)


def reconfirmation_get(user: User, reconfirmation_id: str | UUID) -> Reconfirmation:
    reconfirmations = Reconfirmation.objects.select_related("episode__client__county")
    return scoped_get(reconfirmations, user, pk=reconfirmation_id)


def report_get(user: User, report_id: str | UUID) -> Report:
    """One report of the user's county, with its child and the ids of the clocks it met."""
    reports = reports_visible(user).select_related("client__county", "missing_episode")
    return scoped_get(reports, user, pk=report_id)


class ReturnInError(TypedDict):
    """A return of an episode marked entered in error, as it read before it was cleared."""

    returned_at: datetime
    location: str
    reason: str
    by: str
    at: datetime


def returns_in_error(episode: MissingEpisode) -> list[ReturnInError]:
    """The episode's returns marked entered in error, earliest first. The return is part of the episode, so
    its mark lives in the history row that cleared it, beside the version before it (one query)."""
    history = get_history_model_for_model(MissingEpisode)
    rows = history.objects.filter(id=episode.pk).select_related("history_user")
    found: list[ReturnInError] = []
    before = None
    for row in rows.order_by("history_date", "history_id"):
        reason = row.history_change_reason or ""
        if before is not None and before.returned_at is not None and reason.startswith(RETURN_IN_ERROR):
            found.append(
                ReturnInError(
                    returned_at=before.returned_at,
                    location=before.return_location,
                    reason=reason.removeprefix(RETURN_IN_ERROR).removeprefix(": "),
                    by=str(row.history_user or ""),
                    at=row.history_date,
                )
            )
        before = row
    return found


def client_reports(user: User, client: Client) -> QuerySet[Report]:
    """A child's reports, latest made first (those entered in error included: pages strike them through)."""
    reports = reports_visible(user).filter(client=client).select_related("entered_in_error_by")
    return reports.order_by("-made_at", "-created_at")


class NotificationFilters(TypedDict, total=False):
    kind: str
    unread: bool | None


def notifications_of(user: User, filters: NotificationFilters | None = None) -> QuerySet[Notification]:
    """A person's notifications, each with its child, every clock it names (first due first) and whether they
    are all met or cancelled by now (`resolved`)."""
    filters = filters or NotificationFilters()
    unresolved = NotificationClock.objects.filter(
        notification=OuterRef("pk"), deadline__met_at__isnull=True, deadline__cancelled_at__isnull=True
    )
    clocks = Deadline.objects.order_by("due_at", "id")
    notices = (
        Notification.objects.filter(user=user)
        .select_related("deadline__client__county")
        .prefetch_related(Prefetch("deadlines", queryset=clocks))
        .annotate(resolved=~Exists(unresolved))
    )
    if filters.get("kind"):
        notices = notices.filter(kind=filters["kind"])
    unread = filters.get("unread")
    if unread is not None:
        notices = notices.filter(read_at__isnull=unread)
    return notices


def notification_get(user: User, notification_id: str | UUID) -> Notification:
    """One of the user's own notifications; anyone else's is a 404, as if it did not exist."""
    return get_object_or_404(notifications_of(user), pk=notification_id)


def unread_count(user: User) -> int:
    """The header's count on every page: one query on a partial index."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def open_clocks_of_worker(user: User) -> QuerySet[Deadline]:
    return deadlines_visible(user).filter(assigned_to=user, met_at__isnull=True, cancelled_at__isnull=True)
