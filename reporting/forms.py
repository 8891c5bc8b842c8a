"""Forms of the clock pages: a missing episode, its follow-up, its return, reports, the county's clock settings."""

from collections.abc import Mapping
from typing import Any

from django import forms

from accounts.models import MAX_LATE_ENTRY_DAYS
from accounts.services import LATE_ENTRY_BOUNDS
from kernel.forms import LateEntryFields, UswdsFormMixin
from referrals.models import MissingCircumstance

from .county_settings import BOUNDS
from .models import ReportKind, ReportMethod

INSTANT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EpisodeForm(UswdsFormMixin, LateEntryFields):
    discovered_at = forms.DateTimeField(label="Found missing at", widget=INSTANT)
    last_seen_at = forms.DateTimeField(label="Last seen at", widget=INSTANT, required=False)
    last_known_location = forms.CharField(label="Last known location", required=False, max_length=300)
    circumstance = forms.ChoiceField(choices=MissingCircumstance.choices)
    reasonably_believed_cse = forms.BooleanField(
        label="Reasonably believed to be a victim of, or at risk of, commercial sexual exploitation",
        required=False,
    )
    photo_release_contact = forms.CharField(
        label="Who may release photographs",
        required=False,
        max_length=200,
        help_text="The person authorized to release the child's photographs and information to NCMEC, and how "
        "to reach them (name, phone). NCMEC asks for it before the call.",
    )
    guardian_contact = forms.CharField(
        label="Guardian (if the child is not a dependent)",
        required=False,
        max_length=200,
        help_text="Name and phone of the parent or guardian. For a dependent or nonminor dependent, NCMEC is "
        "given the assigned worker instead.",
    )
    physical_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    risk_factors = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OwnIds:
    """A form shown beside others on one page (the episode's): its fields' ids start with `id_prefix`, so that
    no id repeats on the page (the names, which the services read, stay as they are)."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class LocateAttemptForm(OwnIds, UswdsFormMixin, LateEntryFields):
    id_prefix = "attempt"

    attempted_at = forms.DateTimeField(label="Attempted at", widget=INSTANT)
    method = forms.CharField(label="How (call, visit, social media...)", max_length=200)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReconfirmationForm(OwnIds, UswdsFormMixin, LateEntryFields):
    id_prefix = "reconfirm"

    confirmed_at = forms.DateTimeField(label="Whereabouts confirmed still unknown at", widget=INSTANT)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReturnForm(OwnIds, UswdsFormMixin, LateEntryFields):
    id_prefix = "return"

    returned_at = forms.DateTimeField(label="Returned at", widget=INSTANT)
    location = forms.CharField(label="Where the child was found", required=False, max_length=300)
    absence_factors = forms.CharField(
        label="What led to the absence", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    experiences_while_absent = forms.CharField(
        label="What happened while away", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


# What each kind of report carries beyond when, how and to which agency (DOMAIN.md §6).
DETAILS_OF_KIND: dict[str, tuple[str, ...]] = {
    ReportKind.LAW_ENFORCEMENT: ("recipient", "report_number"),
    ReportKind.LAW_ENFORCEMENT_MISSING: (
        "recipient",
        "report_number",
        "missing_person_report_number",
        "ncic_entry_confirmed",
    ),
    ReportKind.NCMEC: ("recipient", "ncmec_case_number"),
    ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT: ("recipient", "report_number"),
    ReportKind.RETURN_NOTICE_NCMEC: ("recipient", "ncmec_case_number"),
    ReportKind.CHILD_WELFARE_AGENCY: ("recipient", "report_number"),
}


# Every detail some kind of report carries.
REPORT_DETAILS = frozenset(name for names in DETAILS_OF_KIND.values() for name in names)


class ReportFields(UswdsFormMixin, LateEntryFields):
    """What a report of any kind may carry: when, how, to which agency, and the details of its kind."""

    made_at = forms.DateTimeField(label="Made at", widget=INSTANT)
    method = forms.ChoiceField(choices=ReportMethod.choices)
    agency_name = forms.CharField(label="Agency", max_length=200)
    recipient = forms.CharField(label="Who took the report (name, badge)", required=False, max_length=200)
    report_number = forms.CharField(label="Report number", required=False, max_length=100)
    missing_person_report_number = forms.CharField(
        label="Missing-person report number", required=False, max_length=100
    )
    ncic_entry_confirmed = forms.BooleanField(label="NCIC entry confirmed", required=False)
    ncmec_case_number = forms.CharField(label="NCMEC case number", required=False, max_length=100)


NCMEC = "National Center for Missing & Exploited Children (NCMEC)"
LAW_ENFORCEMENT_AGENCY = "The law enforcement agency with jurisdiction where the child was last seen."

# What the "Agency" of each kind of report is, in the words of ACL 16-85.
AGENCY_HINTS: dict[str, str] = {
    ReportKind.LAW_ENFORCEMENT: "The law enforcement agency with jurisdiction.",
    ReportKind.LAW_ENFORCEMENT_MISSING: LAW_ENFORCEMENT_AGENCY,
    ReportKind.NCMEC: f"{NCMEC}: its web reporting system, or its call center at 1-800-843-5678 "
    "(probation officers call).",
    ReportKind.RETURN_NOTICE_LAW_ENFORCEMENT: "The agency that took the missing-child report.",
    ReportKind.RETURN_NOTICE_NCMEC: f"{NCMEC}, which took the missing-child report.",
    ReportKind.CHILD_WELFARE_AGENCY: "The county child welfare agency told of the exploitation.",
}
NCMEC_KINDS = (ReportKind.NCMEC, ReportKind.RETURN_NOTICE_NCMEC)


class ReportForm(ReportFields):
    """The report of one kind: its form asks only for what that kind carries, and says which agency it goes
    to (NCMEC's are filled in)."""

    def __init__(
        self, data: Mapping[str, object] | None = None, *, kind: str, initial: dict[str, object] | None = None
    ) -> None:
        initial = dict(initial or {})
        if kind in NCMEC_KINDS:
            initial.setdefault("agency_name", NCMEC)
        super().__init__(data, initial=initial)
        for name in REPORT_DETAILS - set(DETAILS_OF_KIND[kind]):
            del self.fields[name]
        self.fields["agency_name"].help_text = AGENCY_HINTS[kind]
        if "ncmec_case_number" in self.fields:
            self.fields[
                "ncmec_case_number"
            ].help_text = "The case number NCMEC gives when it takes the report."


def _hours(field: str, label: str, help_text: str) -> forms.IntegerField:
    bound = BOUNDS[field]
    message = bound.message  # in the service's own words: the page refuses as the service does
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=bound.low,
        max_value=bound.high,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"class": "usa-input--small"}),
    )


class ClockSettingsForm(UswdsFormMixin, forms.Form):
    return_notice_hours = _hours(
        "return_notice_hours",
        "Hours to tell law enforcement and NCMEC that a missing child is back",
        "Counted from the child's return. Only owed where a missing-child report was made to them. "
        "The default is 24 hours.",
    )
    return_assessment_hours = _hours(
        "return_assessment_hours",
        "Hours to screen a child who has come back",
        "Counted from the child's return: the screening for signs of exploitation while away. "
        "The default is 72 hours (3 days).",
    )
    reminder_lead_hours = _hours(
        "reminder_lead_hours",
        "Hours of warning before a deadline",
        "How long before a deadline the worker and their supervisor get a reminder. The default is 4 hours.",
    )
    late_entry_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LATE_ENTRY_DAYS,
        label="Days back an entry may be dated without a late-entry reason",
        help_text="A referral, contact, screening or missing episode dated further back must be marked a late "
        "entry, with the reason, which its history keeps. The default is 30 days.",
        error_messages={
            "invalid": LATE_ENTRY_BOUNDS,
            "min_value": LATE_ENTRY_BOUNDS,
            "max_value": LATE_ENTRY_BOUNDS,
        },
        widget=forms.NumberInput(attrs={"class": "usa-input--small"}),
    )
    report_contact = forms.CharField(
        required=False,
        max_length=300,
        label="How law enforcement and NCMEC reach the county about a child",
        help_text="The desk or person to call at any hour, with phone and e-mail. It is printed on every report "
        "packet.",
    )
