"""Screenings for the risk of commercial sexual exploitation (the at-risk rule lives in `screening.rules`)."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord


class ScreeningContext(models.TextChoices):
    INTAKE = "intake", "Intake / investigation"
    VISIT = "visit", "Visit (ongoing assessment)"
    RETURN_FROM_MISSING = "return_from_missing", "Return from a missing episode"
    OTHER = "other", "Other"


class ScreeningTool(models.TextChoices):
    CSE_IT = "cse_it", "West Coast Children's Clinic CSE-IT"
    VERA_TVIT = "vera_tvit", "Vera Institute TVIT"
    COVENANT_HOUSE_HTIAM = "covenant_house_htiam", "Covenant House HTIAM"
    CANS_CSE = "cans_cse", "CANS - CSE"
    SDM = "sdm", "Structured Decision Making"


class RiskBasis(models.TextChoices):
    STRONG_INDICATOR = "strong_indicator", "At least one strong indicator"
    TWO_OTHER_INDICATORS = "two_other_indicators", "At least two other indicators"


class Screening(EnteredRecord, models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("referrals.Client", on_delete=models.PROTECT, related_name="screenings")
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, related_name="screenings", null=True, blank=True
    )
    missing_episode = models.ForeignKey(
        "referrals.MissingEpisode", on_delete=models.PROTECT, related_name="screenings", null=True, blank=True
    )
    performed_at = models.DateTimeField()
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    context = models.CharField(max_length=30, choices=ScreeningContext.choices)
    tool = models.CharField(max_length=30, choices=ScreeningTool.choices, blank=True)
    tool_result = models.CharField(
        max_length=100, blank=True, help_text="The tool's level or score, not its items."
    )
    indicators = models.JSONField(default=list, blank=True)
    at_risk = models.BooleanField()
    basis = models.CharField(max_length=30, choices=RiskBasis.choices, blank=True)
    rule_version = models.CharField(max_length=40)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    history = HistoricalRecords()

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-performed_at"]

    def __str__(self) -> str:
        return f"Screening of {self.client} at {self.performed_at:%Y-%m-%d}: {'at risk' if self.at_risk else 'not at risk'}"
