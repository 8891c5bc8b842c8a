from typing import ClassVar

from django.db import models


class Heartbeat(models.Model):
    """The last time a periodic process proved it was alive (beat's tick runs through a worker)."""

    name = models.CharField(max_length=40, primary_key=True)
    last_beat_at = models.DateTimeField()
    beats = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"{self.name} at {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
