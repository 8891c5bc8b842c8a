from datetime import datetime

from django.db.models import F

from .models import Heartbeat

BEAT = "beat"


def heartbeat_record(now: datetime, name: str = BEAT) -> None:
    updated = Heartbeat.objects.filter(name=name).update(last_beat_at=now, beats=F("beats") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"last_beat_at": now, "beats": 1})


def heartbeat_last(name: str = BEAT) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("last_beat_at", flat=True).first()
