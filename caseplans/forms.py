"""Case plan forms: fields and types only; the services check the rules and their messages land on the fields."""

from typing import Any

from django import forms

from kernel.amend import REASON_MAX_LENGTH
from kernel.forms import CorrectionReason, LateEntryFields, UswdsFormMixin

from .catalogue import AT_RISK_SERVICES, VICTIM_SERVICES, ServiceCode
from .models import CftMeeting, ServiceStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


Choices = list[tuple[str, str]]


def catalogue_choices() -> list[tuple[str, str | Choices]]:
    """The catalogue as option groups, so a screen reader hears which group each service belongs to."""
    victim = [(c.value, c.label) for c in ServiceCode if c in VICTIM_SERVICES]
    at_risk = [(c.value, c.label) for c in ServiceCode if c in AT_RISK_SERVICES]
    return [
        ("", "Other: describe the service below"),
        ("Victim services", victim),
        ("At-risk services", at_risk),
    ]


class CasePlanForm(UswdsFormMixin, forms.Form):
    assessment_date = forms.DateField(widget=DATE, label="Assessment date")
    goal = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Case plan goal")
    addresses_cse = forms.BooleanField(
        required=False,
        label="This plan addresses the child's commercial sexual exploitation",
        help_text="Services were chosen with the child to meet the needs the CSE identification showed.",
    )
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        label="Why you change the plan",
        help_text=f"Optional, at most {REASON_MAX_LENGTH} characters: history keeps it beside both versions.",
    )


class ServiceForm(UswdsFormMixin, forms.Form):
    service_code = forms.ChoiceField(choices=catalogue_choices, required=False, label="Service")
    description = forms.CharField(
        max_length=300,
        required=False,
        label="Description",
        help_text="Required for a service not in the list; optional detail otherwise.",
    )
    provider = forms.CharField(max_length=200, label="Provider")
    status = forms.ChoiceField(choices=ServiceStatus.choices, initial=ServiceStatus.REFERRED, label="Status")
    referred_on = forms.DateField(widget=DATE, label="Referred on")
    started_on = forms.DateField(
        widget=DATE, required=False, label="Started on", help_text="Needed once active."
    )
    ended_on = forms.DateField(
        widget=DATE, required=False, label="Ended on", help_text="When it was completed or declined."
    )


class ServiceStatusForm(UswdsFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ServiceStatus.choices, label="Status")
    started_on = forms.DateField(widget=DATE, required=False, label="Started on")
    ended_on = forms.DateField(widget=DATE, required=False, label="Ended on")


class CftMeetingForm(UswdsFormMixin, LateEntryFields):
    held_on = forms.DateField(widget=DATE, label="Meeting date")
    child_participated = forms.BooleanField(required=False, label="The child took part")
    caregiver_participated = forms.BooleanField(required=False, label="The caregiver took part")
    participants = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Participants",
        help_text="Everyone who took part, with their role.",
    )
    decisions = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Decisions")


def meeting_initial(meeting: CftMeeting) -> dict[str, Any]:
    """A meeting's fields as the correction form starts from them."""
    return {
        "held_on": meeting.held_on,
        "child_participated": meeting.child_participated,
        "caregiver_participated": meeting.caregiver_participated,
        "participants": meeting.participants,
        "decisions": meeting.decisions,
        "late_entry": bool(meeting.late_entry_reason),
        "late_entry_reason": meeting.late_entry_reason,
    }


class CftMeetingCorrectForm(CorrectionReason, CftMeetingForm):
    pass


class PlanDaysForm(UswdsFormMixin, forms.Form):
    plan_due_days = forms.IntegerField(
        min_value=1,
        max_value=365,
        label="Days after identification",
        help_text="An identified child without a case plan, or without a CSE service in it, is flagged after this "
        "many days.",
    )
