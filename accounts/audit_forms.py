"""The county admin's audit export form: the days, and optionally one user, record type or action."""

from typing import Any
from uuid import UUID

from django import forms

from kernel.forms import UswdsFormMixin

from .audit import ACTION_CHOICES, record_types
from .audit_jobs import ExportRequest
from .models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditExportForm(UswdsFormMixin, forms.Form):
    since = forms.DateField(label="From", widget=DATE, help_text="The first day, in the county's time zone.")
    until = forms.DateField(label="To", widget=DATE, help_text="The last day, included.")
    user = forms.ChoiceField(label="User", required=False, help_text="Only what this person did or read.")
    record_type = forms.ChoiceField(label="Record type", required=False)
    action = forms.ChoiceField(label="Action", required=False)

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ChoiceField)
        user_field.choices = [("", "Anyone")] + [(str(u.pk), f"{u} ({u.username})") for u in colleagues]
        types = self.fields["record_type"]
        assert isinstance(types, forms.ChoiceField)
        types.choices = [("", "Any record")] + [(label, label) for label in record_types()]
        actions = self.fields["action"]
        assert isinstance(actions, forms.ChoiceField)
        actions.choices = [("", "Any action")] + [(action, action.capitalize()) for action in ACTION_CHOICES]

    def wanted(self) -> ExportRequest:
        data = self.cleaned_data
        return ExportRequest(
            since=data["since"],
            until=data["until"],
            user=UUID(data["user"]) if data.get("user") else None,
            record_type=data.get("record_type") or "",
            action=data.get("action") or "",
        )
