"""Required CSEC training: the county's course list and each worker's completions (ACL 16-85 part IV)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.roles import Role


class Course(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    # Role codes (accounts.Role) that must complete the course when it is required.
    required_roles = models.JSONField(default=list, blank=True)
    state_course = models.BooleanField(default=False, editable=False)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["title"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["county", "title"], name="one_course_title_per_county")
        ]

    def __str__(self) -> str:
        return self.title

    def required_for(self, role: str) -> bool:
        return self.active and self.required and role in self.required_roles

    @property
    def required_role_labels(self) -> list[str]:
        return [Role(r).label for r in self.required_roles if r in Role.values]


class Completion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-completed_on", "-created_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["course", "worker", "completed_on"], name="one_completion_per_course_worker_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} completed {self.course} on {self.completed_on}"
