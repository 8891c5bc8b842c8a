"""What every browser form shares: the U.S. Web Design System look, and the services' refusals on its fields."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.widgets import Input

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
