"""Browser forms that correct an entry of the case record or mark it entered in error. They check shapes;
`referrals.services` checks the rules, as it does for the entry's first form."""

from typing import Any

from django import forms

from kernel.forms import CorrectionReason, UswdsFormMixin

from .forms import (
    INSTANT,
    ZONE_HINT,
    AllegationForm,
    ContactForm,
    CsecRowForm,
    ReferralFieldsForm,
    blank_choice,
)
from .models import Disposition


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


class ReferralCorrectionForm(CorrectionReason, UswdsFormMixin, ReferralFieldsForm):
    alleges_cse = forms.BooleanField(
        required=False,
        label="Alleges commercial sexual exploitation",
        help_text="The S-CSEC Referral code stays once applied, whatever the correction.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "referral")
        super().__init__(*args, **kwargs)
