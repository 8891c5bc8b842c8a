"""Field errors: gathered per field while a service checks its input, then raised together as one 400."""

from collections.abc import Collection, Iterable

from django.core.exceptions import ValidationError
from django.db import models

FieldErrors = dict[str, list[str]]
REQUIRED = "This field is required."


def add_error(errors: FieldErrors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def check_choice(errors: FieldErrors, field: str, value: object, choices: type[models.Choices]) -> None:
    if value not in choices.values:
        add_error(errors, field, f"{value!r} is not one of: {', '.join(str(v) for v in choices.values)}.")


def check_text(errors: FieldErrors, field: str, value: object) -> None:
    """A required text: present and not only blanks."""
    if not isinstance(value, str) or not value.strip():
        add_error(errors, field, REQUIRED)


def raise_if(errors: FieldErrors) -> None:
    if errors:
        raise ValidationError(errors)


def refuse_unknown(changes: Iterable[str], allowed: Collection[str]) -> None:
    """A change naming a field that may not be changed is refused whole."""
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError({name: ["This field cannot be changed."] for name in unknown})
