"""Browser forms of the case record. They check shapes; `referrals.services` checks the rules."""

import uuid
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from kernel.county_time import county_today
from kernel.display import day_text
from kernel.errors import FieldErrors
from kernel.forms import LateEntryFields, UswdsFormMixin
from kernel.instants import LateEntry, check_instant

from .models import (
    AllegationType,
    Client,
    ContactType,
    CsecType,
    Disposition,
    FosterCareStatus,
    PerpetratorRelationship,
    ReceivingAgency,
    ReferralSource,
    ResponseDecision,
    Sex,
    Wic300Subdivision,
)
from .services.clients import validate_client_facts
from .services.referrals import check_received_at

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INSTANT = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M")
ZONE_HINT = "In your county's time zone."


def blank_choice(choices: list[tuple[str, str]], label: str = "- Select -") -> list[tuple[str, str]]:
    return [("", label), *choices]


class ClientFieldsForm(UswdsFormMixin, forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(widget=DATE)
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.UNKNOWN)
    foster_care_status = forms.ChoiceField(
        choices=blank_choice(FosterCareStatus.choices), label="Foster care status"
    )
    title_iv_e_assistance = forms.BooleanField(
        required=False, label="Receives Title IV-E foster care assistance"
    )
    chafee_services = forms.BooleanField(
        required=False, label="Receives Chafee independent-living (ILP) services"
    )


class ClientEditForm(ClientFieldsForm):
    assigned_worker = forms.ModelChoiceField(queryset=User.objects.none(), label="Assigned worker")

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[User]", self.fields["assigned_worker"]).queryset = workers


class ClientChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Client) -> str:
        return f"{obj.last_name}, {obj.first_name} (born {day_text(obj.date_of_birth)})"


class ReferralFieldsForm(LateEntryFields):
    """The referral itself: what intake records and a correction changes."""

    received_at = forms.DateTimeField(
        widget=INSTANT,
        label="Information received at",
        help_text="When the agency received the information (the clocks start here). " + ZONE_HINT,
    )
    receiving_agency = forms.ChoiceField(choices=ReceivingAgency.choices, label="Receiving agency")
    source = forms.ChoiceField(choices=blank_choice(ReferralSource.choices), label="Source")
    reporter_name = forms.CharField(max_length=200, required=False, label="Reporter's name")
    reporter_contact = forms.CharField(max_length=200, required=False, label="Reporter's contact")
    alleges_cse = forms.BooleanField(
        required=False,
        label="Alleges commercial sexual exploitation",
        help_text="The referral is tagged S-CSEC Referral, whatever happens to it later.",
    )
    narrative = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)


class IntakeForm(UswdsFormMixin, ReferralFieldsForm):
    """A referral, for a client already known or a new one, in one form."""

    existing_client = ClientChoiceField(
        queryset=Client.objects.none(),
        required=False,
        label="Existing client",
        help_text="Choose a child already known to the county, or leave this empty and enter a new child below.",
        empty_label="- New client -",
    )
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    date_of_birth = forms.DateField(widget=DATE, required=False)
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.UNKNOWN, required=False)
    foster_care_status = forms.ChoiceField(
        choices=blank_choice(FosterCareStatus.choices), label="Foster care status", required=False
    )
    title_iv_e_assistance = forms.BooleanField(
        required=False, label="Receives Title IV-E foster care assistance"
    )
    chafee_services = forms.BooleanField(
        required=False, label="Receives Chafee independent-living (ILP) services"
    )

    NEW_CLIENT_FIELDS = ("first_name", "last_name", "date_of_birth", "foster_care_status")

    def __init__(self, *args: Any, clients: QuerySet[Client], user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        cast(ClientChoiceField, self.fields["existing_client"]).queryset = clients
        if not self.is_bound:  # information is usually entered as it comes in: now, in the county's zone
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("existing_client"):
            for name in self.NEW_CLIENT_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, "Required for a new client (or choose an existing client).")
        self.add_rule_errors(cleaned)
        return cleaned

    def add_rule_errors(self, cleaned: dict[str, Any]) -> None:
        """What the services would refuse of the fields that are well formed (a date of birth in the future, a
        referral received before the child was born or in the future, a late entry without its reason), found
        on the same submit as the missing fields, so that every message shows at once."""
        county = self.user.county
        if county is None:  # refused by the service, which says so
            return
        errors: FieldErrors = {}
        good = {name: value for name, value in cleaned.items() if name not in self.errors and value}
        child = good.get("existing_client")
        if child is None:
            facts: dict[str, Any] = {
                name: good[name] for name in ("date_of_birth", "first_name", "last_name") if name in good
            }
            validate_client_facts(errors, facts, county_today(county))
            if "date_of_birth" in good and "date_of_birth" not in errors:
                child = Client(county=county, date_of_birth=good["date_of_birth"])
        if "received_at" in good:
            reason = good.get("late_entry_reason", "") if good.get("late_entry") else ""
            # A ticked box without its reason is already said next to the reason.
            late = None if good.get("late_entry") and not reason else LateEntry.of(county, reason)
            if child is not None:
                check_received_at(errors, child, good["received_at"], late)
            else:  # no date of birth yet: every other part of the rule still holds
                check_instant(errors, "received_at", good["received_at"], timezone.now(), late=late)
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, messages)


class CsecRowForm(UswdsFormMixin, LateEntryFields):
    csec_type = forms.ChoiceField(choices=blank_choice(CsecType.choices), label="CSEC type")
    start_date = forms.DateField(widget=DATE, label="Start date")
    end_date = forms.DateField(widget=DATE, required=False, label="End date")
    information_received_at = forms.DateTimeField(
        widget=INSTANT, label="Information received at", help_text=ZONE_HINT, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "csec")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "information_received_at", timezone.localtime().replace(second=0, microsecond=0)
            )


class CsecRowEndForm(UswdsFormMixin, forms.Form):
    """The end date of one CSEC row; the client page shows one per row."""

    end_date = forms.DateField(widget=DATE, label="End date", required=False)

    def __init__(self, *args: Any, row_id: uuid.UUID, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.row_id = row_id


class ResponseDecisionForm(UswdsFormMixin, forms.Form):
    decision = forms.ChoiceField(choices=ResponseDecision.choices, widget=forms.RadioSelect, label="Decision")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Reason",
        help_text="Required to evaluate out.",
    )


class ContactForm(UswdsFormMixin, LateEntryFields):
    contact_type = forms.ChoiceField(choices=blank_choice(ContactType.choices), label="Who")
    made_at = forms.DateTimeField(widget=INSTANT, label="When", help_text=ZONE_HINT)
    in_person = forms.BooleanField(required=False, label="In person")
    name = forms.CharField(max_length=200, required=False)
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "contact")
        super().__init__(*args, **kwargs)


class AllegationForm(UswdsFormMixin, forms.Form):
    allegation_type = forms.ChoiceField(choices=blank_choice(AllegationType.choices), label="Allegation")
    perpetrator_relationship = forms.ChoiceField(
        choices=blank_choice(PerpetratorRelationship.choices), label="Alleged perpetrator"
    )
    wic_300_subdivision = forms.ChoiceField(
        choices=blank_choice(Wic300Subdivision.choices, "- None yet -"),
        required=False,
        label="WIC 300 subdivision",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "allegation")
        super().__init__(*args, **kwargs)


class DispositionForm(UswdsFormMixin, forms.Form):
    """The finding on one allegation; the referral page shows one per allegation."""

    disposition = forms.ChoiceField(choices=blank_choice(Disposition.choices), label="Finding")

    def __init__(self, *args: Any, allegation_id: uuid.UUID, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allegation_id = allegation_id
