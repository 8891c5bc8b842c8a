"""Reads of clocks, reports, episodes and notifications, scoped to the caller's county."""

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.selectors import scoped
from referrals.models import MissingEpisode

from .models import Deadline, DeadlineStatus, Notification, Report


def deadlines_visible(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Deadline]:
    filters = filters or {}
    clocks = scoped(Deadline.objects.all(), user).select_related("client", "assigned_to", "met_by_report")
    for name in ("client", "referral", "missing_episode", "kind"):
        if filters.get(name):
            clocks = clocks.filter(**{f"{name}_id" if name != "kind" else name: filters[name]})
    status = filters.get("status")
    now = timezone.now()
    unmet = Q(met_at__isnull=True, cancelled_at__isnull=True)
    if status == DeadlineStatus.MET:
        clocks = clocks.filter(met_at__isnull=False)
    elif status == DeadlineStatus.CANCELLED:
        clocks = clocks.filter(cancelled_at__isnull=False)
    elif status == DeadlineStatus.OVERDUE:
        clocks = clocks.filter(unmet, due_at__lte=now)
    elif status == DeadlineStatus.OPEN:
        clocks = clocks.filter(unmet, due_at__gt=now)
    return clocks


def client_clocks(user: Any, client: Any) -> QuerySet[Deadline]:
    return deadlines_visible(user, {"client": client.pk}).order_by("due_at")


def reports_visible(user: Any) -> QuerySet[Report]:
    return scoped(Report.objects.all(), user).prefetch_related("met_deadlines")


def episodes_visible(user: Any) -> QuerySet[MissingEpisode]:
    return scoped(MissingEpisode.objects.all(), user).select_related("client")


def notifications_of(user: Any) -> QuerySet[Notification]:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(user=user).select_related("deadline__client")


def open_clocks_of_worker(user: Any) -> QuerySet[Deadline]:
    return deadlines_visible(user).filter(assigned_to=user, met_at__isnull=True, cancelled_at__isnull=True)
