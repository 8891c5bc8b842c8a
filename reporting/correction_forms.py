"""Browser forms that correct a missing episode, its return, a locate attempt, a reconfirmation or a report: each
entry's own form with the reason a correction needs. They check shapes; the services check the rules."""

from typing import cast

from django import forms

from kernel.forms import CorrectionReason, LateEntryFields, UswdsFormMixin

from .forms import (
    DETAILS_OF_KIND,
    INSTANT,
    REPORT_DETAILS,
    EpisodeForm,
    LocateAttemptForm,
    ReconfirmationForm,
    ReportFields,
)


class EpisodeCorrectionForm(CorrectionReason, EpisodeForm):
    pass


class ReturnCorrectionForm(CorrectionReason, UswdsFormMixin, LateEntryFields):
    returned_at = forms.DateTimeField(label="Returned at", widget=INSTANT)
    return_location = forms.CharField(label="Where the child was found", required=False, max_length=300)
    absence_factors = forms.CharField(
        label="What led to the absence", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    experiences_while_absent = forms.CharField(
        label="What happened while away", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class LocateAttemptCorrectionForm(CorrectionReason, LocateAttemptForm):
    pass


class ReconfirmationCorrectionForm(CorrectionReason, ReconfirmationForm):
    pass


class ReportCorrectionForm(CorrectionReason, ReportFields):
    pass


def report_correction_form(kind: str) -> type[forms.Form]:
    """The correction form of a report of `kind`: the fields its kind carries (a field set to None in a
    subclass is taken out of a Django form)."""
    dropped: dict[str, None] = dict.fromkeys(REPORT_DETAILS - set(DETAILS_OF_KIND[kind]))
    return cast(type[forms.Form], type("ReportCorrectionForm", (ReportCorrectionForm,), dropped))
