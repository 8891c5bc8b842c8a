"""Case notes: dated, typed notes on a child's record by the people who carry the case.

A note is written once and then only corrected (history keeps both versions, who and why) or marked entered in
error; nothing is edited silently and nothing is deleted. Writes go through `notes.services`; reads through
`notes.selectors`.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord

NOTE_MAX_LENGTH = 10_000


class NoteKind(models.TextChoices):
    CONTACT = "contact", "Contact note"
    COLLATERAL = "collateral", "Collateral contact"
    SUPERVISION = "supervision", "Supervision"
    COURT = "court", "Court"
    OTHER = "other", "Other"


class CaseNote(EnteredRecord, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("referrals.Client", on_delete=models.PROTECT, related_name="case_notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    occurred_at = models.DateTimeField(help_text="When what the note records happened.")
    text = models.TextField(max_length=NOTE_MAX_LENGTH)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["client", "-occurred_at", "-id"], name="note_client_occurred")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.occurred_at:%Y-%m-%d %H:%M}"
