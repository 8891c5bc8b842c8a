"""Reads of clocks, reports, episodes and notifications, scoped to the caller's county."""

from datetime import datetime
from typing import TypedDict
from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.selectors import scoped, scoped_get
from referrals.models import Client, MissingEpisode

from .models import Deadline, DeadlineStatus, Notification, Report


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
    return scoped(Report.objects.all(), user).prefetch_related("met_deadlines")


def episodes_visible(user: User) -> QuerySet[MissingEpisode]:
    return scoped(MissingEpisode.objects.all(), user).select_related("client")


def episode_get(user: User, episode_id: str | UUID) -> MissingEpisode:
    """One episode of the user's county, with its child and county (the pages show times in its zone)."""
    return scoped_get(MissingEpisode.objects.select_related("client__county"), user, pk=episode_id)


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("deadline__client")


def open_clocks_of_worker(user: User) -> QuerySet[Deadline]:
    return deadlines_visible(user).filter(assigned_to=user, met_at__isnull=True, cancelled_at__isnull=True)
