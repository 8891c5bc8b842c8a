"""Every write leaves a history row naming who made it and why (django-simple-history)."""

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from accounts.models import User


def history_note(obj: models.Model, user: "User | None", reason: str) -> None:
    """Name the acting user and the reason on the history row the next save of `obj` writes."""
    obj._history_user = user  # type: ignore[attr-defined]  # simple-history reads these ad hoc attributes
    obj._change_reason = reason  # type: ignore[attr-defined]  # the same: simple-history's ad hoc attribute


def save_with_history(obj: models.Model, user: "User | None", reason: str, *, validate: bool = True) -> None:
    """Save `obj` with its history row. `validate` runs the model's own checks first (field choices, lengths,
    constraints); the clock engine's rows, written by code rather than people, skip them."""
    history_note(obj, user, reason)
    if validate:
        obj.full_clean()
    obj.save()
