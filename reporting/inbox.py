"""A person's in-app notifications: marking them read."""

from datetime import datetime

from accounts.models import User

from .models import Notification


def notifications_mark_read(user: User, now: datetime) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
