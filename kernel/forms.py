"""What every browser form shares: the U.S. Web Design System look, and the services' refusals on its fields."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.widgets import Input

from .amend import REASON_MAX_LENGTH

WIDGET_CLASSES: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxInput, "usa-checkbox__input"),
    (forms.RadioSelect, "usa-radio__input"),
    (forms.Select, "usa-select"),
    (forms.Textarea, "usa-textarea"),
    (Input, "usa-input"),
]


class UswdsFormMixin:
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_type, css in WIDGET_CLASSES:
                if isinstance(field.widget, widget_type):
                    existing = field.widget.attrs.get("class", "")
                    field.widget.attrs["class"] = f"{existing} {css}".strip()
                    break


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show the service's field errors next to the form's fields (others at the top of the form)."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def run_service[T](form: forms.Form, action: Callable[[], T]) -> T | None:
    """Run a write; on a rule's refusal, put its messages on the form (which keeps what was typed) and return
    None."""
    try:
        return action()
    except ValidationError as error:
        add_service_errors(form, error)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal) or "You may not make this change.")
    return None


LATE_ENTRY_REASON_REQUIRED = "Say why this is entered late."


class LateEntryFields(forms.Form):
    """The "Late entry" box and its reason, for a form whose instant may lie beyond the county's late-entry
    window. The reason is required once the box is ticked; `entry_data()` is what the service takes."""

    late_entry = forms.BooleanField(
        required=False,
        label="This is a late entry",
        help_text="Tick when this happened longer ago than your county's late-entry window.",
    )
    late_entry_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
        label="Why it is entered late",
        help_text="Required for a late entry; kept in the record's history.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("late_entry") and not (cleaned.get("late_entry_reason") or "").strip():
            self.add_error("late_entry_reason", LATE_ENTRY_REASON_REQUIRED)
        return cleaned

    def entry_data(self) -> dict[str, Any]:
        """The cleaned fields as the service takes them: the reason only when the box is ticked."""
        data = dict(self.cleaned_data)
        late = data.pop("late_entry", False)
        data["late_entry_reason"] = (data.get("late_entry_reason") or "").strip() if late else ""
        return data


def reason_field(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=REASON_MAX_LENGTH,
        label=label,
        help_text=help_text,
    )


class CorrectionReason(forms.Form):
    """The reason a correction form asks for, beside the fields it corrects."""

    reason = reason_field(
        "Why this correction", "Required. Kept in the entry's history beside both versions, with your name."
    )


class VoidForm(UswdsFormMixin, forms.Form):
    """The confirmation step of marking an entry entered in error: the reason is the confirmation."""

    reason = reason_field(
        "Why it was entered in error",
        "Required. The entry stays in the record, struck through, with this reason and your name.",
    )
