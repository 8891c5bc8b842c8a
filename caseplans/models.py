"""Case plans of identified children: the assessment, the goal, services chosen with the child, and Child and
Family Team meetings. Writes go through `caseplans.services`; reads through `caseplans.selectors`.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord

from .catalogue import ServiceCode

DEFAULT_PLAN_DUE_DAYS = 30


class CaseplanSettings(models.Model):
    """A county's protocol: how many days after identification a child must have a plan with a CSE service."""

    county = models.OneToOneField(
        "accounts.County", on_delete=models.CASCADE, related_name="caseplan_settings"
    )
    plan_due_days = models.PositiveIntegerField(
        default=DEFAULT_PLAN_DUE_DAYS, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "case plan settings"
        verbose_name_plural = "case plan settings"

    def __str__(self) -> str:
        return f"{self.county}: plan due {self.plan_due_days} days after identification"


class CaseplanRecord(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class CasePlan(EnteredRecord, CaseplanRecord):
    client = models.OneToOneField("referrals.Client", on_delete=models.PROTECT, related_name="case_plan")
    assessment_date = models.DateField()
    goal = models.TextField()
    addresses_cse = models.BooleanField(
        default=False,
        help_text="The worker states that the plan addresses the child's commercial sexual exploitation.",
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Case plan of {self.client}"


class ServiceStatus(models.TextChoices):
    REFERRED = "referred", "Referred"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class PlannedService(EnteredRecord, CaseplanRecord):
    """One service in the plan: from the catalogue, or described in free text."""

    case_plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="services")
    service_code = models.CharField(max_length=40, choices=ServiceCode.choices, blank=True)
    description = models.CharField(max_length=300, blank=True)
    provider = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.REFERRED)
    referred_on = models.DateField()
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["referred_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def name(self) -> str:
        if self.service_code:
            label = ServiceCode(self.service_code).label
            return f"{label}: {self.description}" if self.description else label
        return self.description


class CftMeeting(EnteredRecord, CaseplanRecord):
    """A Child and Family Team meeting: who took part and what was decided."""

    case_plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="cft_meetings")
    held_on = models.DateField()
    child_participated = models.BooleanField(default=False)
    caregiver_participated = models.BooleanField(default=False)
    participants = models.TextField(help_text="Everyone else who took part, with their role.")
    decisions = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-held_on", "-created_at"]

    def __str__(self) -> str:
        return f"CFT meeting on {self.held_on}"
