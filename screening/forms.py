"""The screening form: the eight indicators as checkboxes, with the when, why and tool of the screening."""

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils import timezone

from kernel.forms import LateEntryFields, UswdsFormMixin
from referrals.correction_forms import CorrectionReason

from . import rules
from .models import ScreeningContext, ScreeningTool

INSTANT = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M")


class ScreeningForm(UswdsFormMixin, LateEntryFields):
    performed_at = forms.DateTimeField(widget=INSTANT, label="Performed at")
    context = forms.ChoiceField(choices=[("", "- Select -"), *ScreeningContext.choices], label="Context")
    indicators = forms.MultipleChoiceField(
        choices=[(i.code, i.label) for i in rules.CATALOGUE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Indicators observed",
    )
    tool = forms.ChoiceField(
        choices=[("", "No named tool"), *ScreeningTool.choices], required=False, label="Screening tool"
    )
    tool_result = forms.CharField(
        max_length=100,
        required=False,
        label="Tool result",
        help_text="The tool's level or score, as the tool states it.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label="Notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("performed_at", timezone.localtime().replace(second=0, microsecond=0))

    def ticked(self) -> list[str]:
        """The known codes ticked so far (for the result shown beside the boxes, valid form or not)."""
        # A bound screening form is always given request.POST, which holds one value per ticked box.
        raw = (
            cast(QueryDict, self.data).getlist("indicators")
            if self.is_bound
            else self.initial.get("indicators", [])
        )
        return [code for code in rules.CODES if code in raw]


class ScreeningCorrectionForm(CorrectionReason, ScreeningForm):
    """The screening as recorded, to correct; changed indicators are assessed again by the rule in force."""
