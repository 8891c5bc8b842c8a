"""A person's in-app notifications: marking them read."""

from datetime import datetime
from typing import Any

from .models import Notification


def notifications_mark_read(user: Any, now: datetime) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now)
