"""A person's in-app notifications: marking them read, one or all. Reading a notice changes no record of a child,
so it leaves no history row; the first reading is the one kept."""

from datetime import datetime

from django.db import transaction

from accounts.models import User

from .models import Notification


def notifications_mark_read(user: User, now: datetime) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)


@transaction.atomic
def notification_mark_read(user: User, notification: Notification, now: datetime) -> Notification:
    """Mark one of the user's own notifications read (again reading it changes nothing)."""
    if notification.user_id != user.pk:
        raise Notification.DoesNotExist("Not one of this user's notifications.")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = Notification.objects.values_list("read_at", flat=True).get(pk=notification.pk)
    return notification
