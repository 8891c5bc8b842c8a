"""Input and output shapes of the clock, report, episode and notification endpoints (API.md)."""

from rest_framework import serializers

from kernel.api import (
    ENTERED_FIELDS,
    EnteredRecordFields,
    InstantField,
    late_entry_reason_field,
    reason_field,
)
from referrals.models import LocateAttempt, MissingCircumstance, MissingEpisode, Reconfirmation

from .models import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    Notification,
    NotificationKind,
    Report,
    ReportKind,
    ReportMethod,
)
from .report_amendments import REPORT_CORRECTABLE


class EpisodeIn(serializers.Serializer):
    client = serializers.UUIDField()
    discovered_at = InstantField()
    last_seen_at = InstantField(required=False, allow_null=True)
    last_known_location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    circumstance = serializers.ChoiceField(choices=MissingCircumstance.choices)
    reasonably_believed_cse = serializers.BooleanField(default=False)
    photo_release_contact = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    guardian_contact = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    physical_description = serializers.CharField(required=False, allow_blank=True, default="")
    risk_factors = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class EpisodeOut(EnteredRecordFields, serializers.ModelSerializer):
    class Meta:
        model = MissingEpisode
        fields = (
            "id",
            "client",
            "county",
            "discovered_at",
            "last_seen_at",
            "last_known_location",
            "circumstance",
            "reasonably_believed_cse",
            "cse_concern",
            "returned_at",
            "return_location",
            "absence_factors",
            "experiences_while_absent",
            "photo_release_contact",
            "guardian_contact",
            "physical_description",
            "risk_factors",
            "created_at",
            *ENTERED_FIELDS,
        )


class EpisodeCorrectionIn(serializers.Serializer):
    """The episode's fields to correct (the return's only once it is recorded), and why."""

    discovered_at = InstantField(required=False)
    last_seen_at = InstantField(required=False, allow_null=True)
    last_known_location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    circumstance = serializers.ChoiceField(choices=MissingCircumstance.choices, required=False)
    reasonably_believed_cse = serializers.BooleanField(required=False)
    photo_release_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    guardian_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    physical_description = serializers.CharField(required=False, allow_blank=True)
    risk_factors = serializers.CharField(required=False, allow_blank=True)
    returned_at = InstantField(required=False)
    return_location = serializers.CharField(max_length=300, required=False, allow_blank=True)
    absence_factors = serializers.CharField(required=False, allow_blank=True)
    experiences_while_absent = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class LocateAttemptIn(serializers.Serializer):
    attempted_at = InstantField()
    method = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class LocateAttemptOut(EnteredRecordFields, serializers.ModelSerializer):
    class Meta:
        model = LocateAttempt
        fields = ("id", "episode", "attempted_at", "method", "notes", "created_at", *ENTERED_FIELDS)


class LocateAttemptCorrectionIn(serializers.Serializer):
    attempted_at = InstantField(required=False)
    method = serializers.CharField(max_length=200, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class ReconfirmationIn(serializers.Serializer):
    confirmed_at = InstantField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class ReconfirmationOut(EnteredRecordFields, serializers.ModelSerializer):
    class Meta:
        model = Reconfirmation
        fields = ("id", "episode", "confirmed_at", "notes", "created_at", *ENTERED_FIELDS)


class ReconfirmationCorrectionIn(serializers.Serializer):
    confirmed_at = InstantField(required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class ReturnIn(serializers.Serializer):
    returned_at = InstantField()
    location = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    absence_factors = serializers.CharField(required=False, allow_blank=True, default="")
    experiences_while_absent = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


# The contract names a field `fields`, the name of a serializer's own property listing its fields. As a class
# attribute it would override that property for type checkers (DRF's metaclass takes it out at run time), so the
# fields are declared by name, as `from` is in `statistics`.
PacketOut = type(
    "PacketOut",
    (serializers.Serializer,),
    {
        "complete": serializers.BooleanField(),
        "missing": serializers.ListField(child=serializers.CharField()),
        "fields": serializers.DictField(),
    },
)


class ReportIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    client = serializers.UUIDField()
    missing_episode = serializers.UUIDField(required=False, allow_null=True)
    referral = serializers.UUIDField(required=False, allow_null=True)
    made_at = InstantField()
    method = serializers.ChoiceField(choices=ReportMethod.choices)
    agency_name = serializers.CharField(max_length=200)
    recipient = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    report_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    missing_person_report_number = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )
    ncic_entry_confirmed = serializers.BooleanField(default=False)
    ncmec_case_number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    late_entry_reason = late_entry_reason_field()


class ReportCorrectionIn(serializers.Serializer):
    """The report's fields to correct, and why. Its kind, child, episode and referral are not corrected."""

    made_at = InstantField(required=False)
    method = serializers.ChoiceField(choices=ReportMethod.choices, required=False)
    agency_name = serializers.CharField(max_length=200, required=False)
    recipient = serializers.CharField(max_length=200, required=False, allow_blank=True)
    report_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    missing_person_report_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    ncic_entry_confirmed = serializers.BooleanField(required=False)
    ncmec_case_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    late_entry_reason = late_entry_reason_field()
    reason = reason_field(required=True)


class ReportOut(EnteredRecordFields, serializers.ModelSerializer):
    met_deadlines = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = (
            "id",
            "kind",
            "client",
            "missing_episode",
            "referral",
            *REPORT_CORRECTABLE,
            "created_at",
            "met_deadlines",
            *ENTERED_FIELDS,
        )

    def get_met_deadlines(self, report: Report) -> list[str]:
        # Read from what the list prefetched for the whole page (`reports_visible`), not a query per report.
        return [str(deadline.pk) for deadline in report.met_deadlines.all()]


class DeadlineOut(serializers.ModelSerializer):
    status = serializers.ChoiceField(choices=DeadlineStatus.choices)
    kind = serializers.ChoiceField(choices=DeadlineKind.choices)

    class Meta:
        model = Deadline
        fields = (
            "id",
            "kind",
            "client",
            "referral",
            "missing_episode",
            "period",
            "started_at",
            "due_at",
            "met_at",
            "met_late",
            "met_by",
            "met_by_report",
            "status",
            "assigned_to",
            "cancelled_at",
            "cancelled_reason",
            "reminder_sent_at",
            "alert_sent_at",
        )


class DeadlineQuery(serializers.Serializer):
    client = serializers.UUIDField(required=False)
    referral = serializers.UUIDField(required=False)
    missing_episode = serializers.UUIDField(required=False)
    kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False)
    status = serializers.ChoiceField(choices=DeadlineStatus.choices, required=False)


class NotificationOut(serializers.ModelSerializer):
    """`deadline` is the first clock the notification names (v1); `deadlines`, all of them (v1.1), first due
    first; `resolved`, whether every one of them is met or cancelled by now."""

    deadlines = serializers.SerializerMethodField()
    resolved = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ("id", "kind", "deadline", "deadlines", "resolved", "created_at", "read_at")

    def get_deadlines(self, notification: Notification) -> list[str]:
        return [str(deadline.pk) for deadline in notification.deadlines.all()]


class NotificationQuery(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, required=False)
    unread = serializers.BooleanField(required=False, allow_null=True, default=None)
