"""Browser forms that correct an entry of the case record or mark it entered in error. They check shapes;
`referrals.services` checks the rules, as it does for the entry's first form."""

from typing import Any

from django import forms

from kernel.amend import REASON_MAX_LENGTH
from kernel.forms import LateEntryFields, UswdsFormMixin

from .forms import INSTANT, ZONE_HINT, AllegationForm, ContactForm, CsecRowForm, blank_choice
from .models import Disposition, ReceivingAgency, ReferralSource


def reason_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        label=label,
        help_text=help_text,
    )


class CorrectionReason(forms.Form):
    reason = reason_field(
        "Why this correction", "Required. Kept in the entry's history beside both versions, with your name."
    )


class VoidForm(UswdsFormMixin, forms.Form):
    """The confirmation step of marking an entry entered in error: the reason is the confirmation."""

    reason = reason_field(
        "Why it was entered in error",
        "Required. The entry stays in the record, struck through, with this reason and your name.",
    )


class ContactCorrectionForm(CorrectionReason, ContactForm):
    pass


class CsecRowCorrectionForm(CorrectionReason, CsecRowForm):
    information_received_at = forms.DateTimeField(
        widget=INSTANT, label="Information received at", help_text=ZONE_HINT
    )


class AllegationCorrectionForm(CorrectionReason, AllegationForm):
    disposition = forms.ChoiceField(
        choices=blank_choice(Disposition.choices, "- No finding yet -"), required=False, label="Finding"
    )


class ReferralCorrectionForm(CorrectionReason, UswdsFormMixin, LateEntryFields):
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
        help_text="The S-CSEC Referral code stays once applied, whatever the correction.",
    )
    narrative = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "referral")
        super().__init__(*args, **kwargs)
