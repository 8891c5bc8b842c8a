"""The case record: clients, referrals and what the investigation finds, the CSEC rows, missing episodes.

Models hold data and derived read-only facts; every write goes through `referrals.services` (and, for missing
episodes, `reporting`), which validate, record history with the acting user and start or meet clocks.
"""

import uuid
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import CountyScopedQuerySet
from kernel.records import EnteredRecord

from .cws import CwsCategory, cws_category


class FosterCareStatus(models.TextChoices):
    IN_FOSTER_CARE = "in_foster_care", "In foster care"
    OPEN_CASE_IN_HOME = "open_case_in_home", "Open case, not removed from home"
    ABSENT_FROM_FOSTER_CARE = "absent_from_foster_care", "Run away / absent from foster care"
    DISCHARGED = "discharged", "Formally discharged"
    NONE = "none", "No case"


class Sex(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NONBINARY = "nonbinary", "Nonbinary"
    UNKNOWN = "unknown", "Unknown / not stated"


class ScopedModel(models.Model):
    """A record that belongs to one county, with who recorded it and when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    county = models.ForeignKey("accounts.County", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    county_path = "county"
    objects = CountyScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class Client(ScopedModel):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=12, choices=Sex.choices, default=Sex.UNKNOWN)
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_clients"
    )
    foster_care_status = models.CharField(max_length=30, choices=FosterCareStatus.choices)
    title_iv_e_assistance = models.BooleanField(default=False)
    chafee_services = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["last_name", "first_name", "date_of_birth"]
        indexes: ClassVar = [
            models.Index(fields=["county", "last_name", "first_name"]),
            models.Index(fields=["county", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def cws_category_on(self, day: date) -> CwsCategory:
        return cws_category(
            date_of_birth=self.date_of_birth,
            foster_care_status=self.foster_care_status,
            title_iv_e_assistance=self.title_iv_e_assistance,
            chafee_services=self.chafee_services,
            on=day,
        )


class ReceivingAgency(models.TextChoices):
    CHILD_WELFARE = "child_welfare", "Child welfare agency"
    PROBATION = "probation", "Probation department"


class ReferralSource(models.TextChoices):
    HOTLINE = "hotline", "Child abuse hotline"
    LAW_ENFORCEMENT = "law_enforcement", "Law enforcement (e.g. arrest)"
    CAREGIVER = "caregiver", "Caregiver"
    FAMILY = "family", "Family member"
    SCHOOL = "school", "School"
    SERVICE_PROVIDER = "service_provider", "Service provider"
    SELF_DISCLOSURE = "self_disclosure", "The child's own disclosure"
    PROBATION = "probation", "Probation department"
    OTHER = "other", "Other"


class ResponseDecision(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate in-person response"
    TEN_DAY = "ten_day", "In-person response within 10 days"
    EVALUATED_OUT = "evaluated_out", "Evaluated out"


S_CSEC_REFERRAL = "S-CSEC Referral"


class Referral(EnteredRecord, ScopedModel):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    received_at = models.DateTimeField(help_text="When the agency received the information.")
    receiving_agency = models.CharField(max_length=20, choices=ReceivingAgency.choices)
    source = models.CharField(max_length=20, choices=ReferralSource.choices)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_contact = models.CharField(max_length=200, blank=True)
    narrative = models.TextField(blank=True)
    alleges_cse = models.BooleanField(default=False)
    response_decision = models.CharField(max_length=20, choices=ResponseDecision.choices, blank=True)
    response_decision_reason = models.TextField(blank=True)
    response_decided_at = models.DateTimeField(null=True, blank=True)
    response_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-received_at"]

    def __str__(self) -> str:
        return f"Referral for {self.client} received {self.received_at:%Y-%m-%d}"

    @property
    def special_project_codes(self) -> list[str]:
        return [code.code for code in self.codes.all()]


class ReferralCode(models.Model):
    """A special project code on a referral. Codes are only ever added: nothing removes one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(max_length=40)
    applied_at = models.DateTimeField(default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["applied_at"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["referral", "code"], name="one_code_per_referral")
        ]

    def __str__(self) -> str:
        return self.code


class ContactType(models.TextChoices):
    CHILD = "child", "The child alleged to be exploited"
    ADULT_WITH_INFORMATION = "adult_with_information", "An adult with information"
    OTHER_CHILD = "other_child", "Another child present"
    PARENT = "parent", "A parent with access to the child"
    COLLATERAL = "collateral", "Collateral (law enforcement, juvenile justice, shelter, provider)"


class Contact(EnteredRecord, ScopedModel):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contacts")
    contact_type = models.CharField(max_length=30, choices=ContactType.choices)
    made_at = models.DateTimeField()
    in_person = models.BooleanField()
    name = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["made_at"]

    def __str__(self) -> str:
        return f"{self.get_contact_type_display()} at {self.made_at:%Y-%m-%d %H:%M}"


class AllegationType(models.TextChoices):
    SEXUAL_EXPLOITATION = "sexual_exploitation", "Sexual exploitation"
    GENERAL_NEGLECT = "general_neglect", "General neglect"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    CARETAKER_ABSENCE = "caretaker_absence", "Caretaker absence or incapacity"
    OTHER = "other", "Other"


class PerpetratorRelationship(models.TextChoices):
    PARENT = "parent", "Parent"
    GUARDIAN = "guardian", "Guardian"
    OTHER = "other", "Other person"
    UNKNOWN = "unknown", "Unknown"


class Wic300Subdivision(models.TextChoices):
    B2 = "b2", "300(b)(2): failure or inability to protect from CSE"
    D = "d", "300(d): sexual abuse by or with the parent's consent"
    G = "g", "300(g): left without support"
    OTHER = "other", "Another subdivision"


class Disposition(models.TextChoices):
    SUBSTANTIATED = "substantiated", "Substantiated"
    INCONCLUSIVE = "inconclusive", "Inconclusive"
    UNFOUNDED = "unfounded", "Unfounded"


class AbuseSubcategory(models.TextChoices):
    COMMERCIAL_SEXUAL_EXPLOITATION = "commercial_sexual_exploitation", "Commercial Sexual Exploitation"
    FAIL_UNABLE_TO_PROTECT_FROM_CSE = "fail_unable_to_protect_from_cse", "Fail/Unable to Protect from CSE"


class Allegation(EnteredRecord, ScopedModel):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="allegations")
    victim = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="allegations")
    allegation_type = models.CharField(max_length=30, choices=AllegationType.choices)
    perpetrator_relationship = models.CharField(max_length=20, choices=PerpetratorRelationship.choices)
    wic_300_subdivision = models.CharField(max_length=10, choices=Wic300Subdivision.choices, blank=True)
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    disposition_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_allegation_type_display()} ({self.disposition or 'pending'})"

    @property
    def in_cse_case(self) -> bool:
        kinds = {a.allegation_type for a in self.referral.allegations.all() if not a.entered_in_error}
        return self.referral.alleges_cse or AllegationType.SEXUAL_EXPLOITATION in kinds

    @property
    def abuse_subcategory(self) -> str | None:
        """DOMAIN §4: the CWS/CMS abuse subcategory a substantiated finding carries in a CSE case."""
        if self.disposition != Disposition.SUBSTANTIATED:
            return None
        if self.allegation_type == AllegationType.SEXUAL_EXPLOITATION:
            return AbuseSubcategory.COMMERCIAL_SEXUAL_EXPLOITATION
        if self.allegation_type == AllegationType.GENERAL_NEGLECT and self.in_cse_case:
            return AbuseSubcategory.FAIL_UNABLE_TO_PROTECT_FROM_CSE
        return None

    @property
    def get_abuse_subcategory_label(self) -> str:
        code = self.abuse_subcategory
        return AbuseSubcategory(code).label if code else ""

    @property
    def caci_referral_required(self) -> bool:
        """Substantiated findings go to the Child Abuse Central Index, except general neglect (PC 11169(a))."""
        return (
            self.disposition == Disposition.SUBSTANTIATED
            and self.allegation_type != AllegationType.GENERAL_NEGLECT
        )


class CsecType(models.TextChoices):
    AT_RISK = "at_risk", "At Risk"
    VICTIM_BEFORE_FOSTER_CARE = "victim_before_foster_care", "Victim Before Foster Care"
    VICTIM_DURING_FOSTER_CARE = "victim_during_foster_care", "Victim During Foster Care"
    VICTIM_OPEN_CASE_NOT_IN_FOSTER_CARE = (
        "victim_open_case_not_in_foster_care",
        "Victim in Open Case not in Foster Care",
    )
    VICTIM_WHILE_ABSENT_FROM_PLACEMENT = (
        "victim_while_absent_from_placement",
        "Victim While Absent From Placement",
    )
    VICTIM_CLOSED_CASE_ILP = "victim_closed_case_ilp", "Victim with Closed Case, Rcv ILP Svcs"


VICTIM_TYPES = frozenset(CsecType.values) - {CsecType.AT_RISK}


class CsecRow(EnteredRecord, ScopedModel):
    """One dated row of the CSEC data grid."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="csec_rows")
    csec_type = models.CharField(max_length=40, choices=CsecType.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    information_received_at = models.DateTimeField(
        default=timezone.now, help_text="When the agency received the information this row documents."
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-start_date", "csec_type"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="csec_row_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_csec_type_display()} from {self.start_date}"

    @property
    def label(self) -> str:
        return CsecType(self.csec_type).label

    @property
    def is_victim_type(self) -> bool:
        return self.csec_type in VICTIM_TYPES

    def is_open_on(self, day: date) -> bool:
        return not self.entered_in_error and self.start_date <= day and (self.end_date or date.max) >= day


class MissingCircumstance(models.TextChoices):
    RUNAWAY = "runaway", "Ran away"
    ABDUCTED = "abducted", "Abducted"
    LOST = "lost", "Wandered away / lost"
    REFUSES_TO_RETURN = "refuses_to_return", "Whereabouts known but refuses to return"


class MissingEpisode(EnteredRecord, ScopedModel):
    """A child's whereabouts unknown to the agency, from discovery to return."""

    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="missing_episodes")
    discovered_at = models.DateTimeField(help_text="When the agency discovered the child was missing.")
    last_seen_at = models.DateTimeField(null=True, blank=True)
    last_known_location = models.CharField(max_length=300, blank=True)
    circumstance = models.CharField(max_length=20, choices=MissingCircumstance.choices)
    reasonably_believed_cse = models.BooleanField(default=False)
    cse_concern = models.BooleanField(
        default=False,
        help_text="Believed exploited, or at risk (open CSEC row or positive latest screening) when discovered.",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_location = models.CharField(max_length=300, blank=True)
    absence_factors = models.TextField(blank=True, help_text="What led to the absence.")
    experiences_while_absent = models.TextField(blank=True, help_text="What happened while away.")
    # What NCMEC asks for before the call (DOMAIN.md §6) that the case record does not already hold.
    photo_release_contact = models.CharField(
        max_length=200, blank=True, help_text="Who may authorize the release of the child's photographs."
    )
    guardian_contact = models.CharField(
        max_length=200,
        blank=True,
        help_text="Guardian, when the child is not a dependent (then it is the worker).",
    )
    physical_description = models.TextField(blank=True)
    risk_factors = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["-discovered_at"]

    def __str__(self) -> str:
        return f"{self.client} missing since {self.discovered_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class LocateAttempt(EnteredRecord, ScopedModel):
    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="locate_attempts")
    attempted_at = models.DateTimeField()
    method = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["attempted_at"]

    def __str__(self) -> str:
        return f"{self.method} at {self.attempted_at:%Y-%m-%d %H:%M}"


class Reconfirmation(EnteredRecord, ScopedModel):
    """A documented check that the child's whereabouts are still unknown (every 30 days while missing)."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="reconfirmations")
    confirmed_at = models.DateTimeField()
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar = ["confirmed_at"]

    def __str__(self) -> str:
        return f"Whereabouts still unknown at {self.confirmed_at:%Y-%m-%d %H:%M}"
