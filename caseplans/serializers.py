from rest_framework import serializers

from kernel.amend import REASON_MAX_LENGTH
from kernel.api import late_entry_reason_field, reason_field

from .catalogue import ServiceCode, ServiceGroup, group_of
from .models import CasePlan, CftMeeting, PlannedService, ServiceStatus
from .services.meetings import MEETING_CHANGEABLE

ENTERED_FIELDS = ["entered_in_error", "entered_in_error_at", "entered_in_error_by", "entered_in_error_reason"]


class CatalogueEntrySerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=ServiceCode.choices)
    label = serializers.CharField()  # type: ignore[assignment]  # DRF pops declared fields off the class; the stubs see Field.label
    group = serializers.ChoiceField(choices=ServiceGroup.choices)


class EnteredRecordSerializer(serializers.ModelSerializer):
    """The mark of an entry made in error, on every entry's answer (a base: each subclass names its model)."""

    entered_in_error = serializers.BooleanField(
        read_only=True,
        help_text="Marked entered in error: kept and listed, but it no longer counts (flags, plan services).",
    )
    entered_in_error_at = serializers.DateTimeField(read_only=True, allow_null=True)
    entered_in_error_by = serializers.UUIDField(
        source="entered_in_error_by_id", read_only=True, allow_null=True
    )
    entered_in_error_reason = serializers.CharField(read_only=True)


class PlannedServiceSerializer(EnteredRecordSerializer):
    case_plan = serializers.UUIDField(source="case_plan_id", read_only=True)
    name = serializers.CharField(read_only=True)
    group = serializers.SerializerMethodField()

    class Meta:
        model = PlannedService
        fields = [
            "id",
            "case_plan",
            "service_code",
            "description",
            "name",
            "group",
            "provider",
            "status",
            "referred_on",
            "started_on",
            "ended_on",
            *ENTERED_FIELDS,
            "created_at",
            "updated_at",
        ]

    def get_group(self, obj: PlannedService) -> str | None:
        return str(group_of(obj.service_code)) if obj.service_code else None


class CftMeetingSerializer(EnteredRecordSerializer):
    case_plan = serializers.UUIDField(source="case_plan_id", read_only=True)

    class Meta:
        model = CftMeeting
        fields = [
            "id",
            "case_plan",
            *MEETING_CHANGEABLE,
            *ENTERED_FIELDS,
            "created_at",
        ]


class CasePlanSerializer(EnteredRecordSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)
    services = PlannedServiceSerializer(many=True, read_only=True)
    cft_meetings = CftMeetingSerializer(many=True, read_only=True)

    class Meta:
        model = CasePlan
        fields = [
            "id",
            "client",
            "assessment_date",
            "goal",
            "addresses_cse",
            "services",
            "cft_meetings",
            *ENTERED_FIELDS,
            "created_at",
            "updated_at",
        ]


def change_reason_field() -> serializers.CharField:
    return reason_field(
        required=False,
        help_text="Why the entry is corrected (optional): history keeps it beside both versions.",
    )


def required_reason_field(why: str) -> serializers.CharField:
    return serializers.CharField(max_length=REASON_MAX_LENGTH, help_text=f"{why} Kept in history.")


class CasePlanInput(serializers.Serializer):
    assessment_date = serializers.DateField()
    goal = serializers.CharField()
    addresses_cse = serializers.BooleanField()
    reason = change_reason_field()


class CasePlanPatch(serializers.Serializer):
    assessment_date = serializers.DateField(required=False)
    goal = serializers.CharField(required=False)
    addresses_cse = serializers.BooleanField(required=False)
    reason = change_reason_field()


class ServiceInput(serializers.Serializer):
    service_code = serializers.ChoiceField(
        choices=ServiceCode.choices, required=False, allow_blank=True, default=""
    )
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    provider = serializers.CharField(max_length=200)
    status = serializers.ChoiceField(choices=ServiceStatus.choices, default=ServiceStatus.REFERRED)
    referred_on = serializers.DateField()
    started_on = serializers.DateField(required=False, allow_null=True, default=None)
    ended_on = serializers.DateField(required=False, allow_null=True, default=None)


class ServicePatch(serializers.Serializer):
    service_code = serializers.ChoiceField(choices=ServiceCode.choices, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=300)
    provider = serializers.CharField(required=False, max_length=200)
    status = serializers.ChoiceField(choices=ServiceStatus.choices, required=False)
    referred_on = serializers.DateField(required=False)
    started_on = serializers.DateField(required=False, allow_null=True)
    ended_on = serializers.DateField(required=False, allow_null=True)
    reason = change_reason_field()


LATE_MEETING = (
    "Why a meeting held longer ago than the county's late-entry window is recorded only now; required for such "
    "a meeting."
)


class CftMeetingInput(serializers.Serializer):
    held_on = serializers.DateField()
    child_participated = serializers.BooleanField(default=False)
    caregiver_participated = serializers.BooleanField(default=False)
    participants = serializers.CharField()
    decisions = serializers.CharField()
    late_entry_reason = late_entry_reason_field(LATE_MEETING)


class CftMeetingPatch(serializers.Serializer):
    held_on = serializers.DateField(required=False)
    child_participated = serializers.BooleanField(required=False)
    caregiver_participated = serializers.BooleanField(required=False)
    participants = serializers.CharField(required=False)
    decisions = serializers.CharField(required=False)
    late_entry_reason = late_entry_reason_field(LATE_MEETING)
    reason = required_reason_field("Why the meeting is corrected.")


class CaseplanVoidInput(serializers.Serializer):
    reason = required_reason_field("Why the entry was made in error.")


class CaseplanSettingsSerializer(serializers.Serializer):
    plan_due_days = serializers.IntegerField(
        min_value=1,
        max_value=365,
        help_text="Days after identification by which a plan with a CSE service is due.",
    )


class PlanFlagSerializer(serializers.Serializer):
    """An identified child whose plan, or the CSE service in it, is overdue (DOMAIN.md §7)."""

    client = serializers.UUIDField(source="client.id")
    client_name = serializers.CharField(source="client.full_name")
    assigned_worker = serializers.UUIDField(source="client.assigned_worker_id")
    reason = serializers.ChoiceField(
        choices=[("no_plan", "No case plan"), ("no_cse_service", "No CSE service")]
    )
    reason_label = serializers.CharField()
    message = serializers.CharField()
    victim = serializers.BooleanField(
        help_text="Identified as a victim (else at risk): which services count."
    )
    identified_on = serializers.DateField(help_text="The day the current identification began (county zone).")
    days_since = serializers.IntegerField(
        help_text="Days from identified_on to today (county zone): more than due_days for a flagged child."
    )
    due_days = serializers.IntegerField(
        help_text="The county's days after identification by which a plan with a CSE service is due."
    )
    due_on = serializers.DateField(help_text="The last day the plan with a CSE service was due.")
