"""The filters of the oversight pages: the dashboard's worker and kind of clock, the statistics' period."""

from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from kernel.forms import UswdsFormMixin
from kernel.roles import CASE_CARRYING_ROLES, Role

from .models import DeadlineKind
from .oversight import Scope, unit_members

EVERY_KIND = "Every kind"
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def worker_label_of(username: str, name: str) -> str:
    return f"{name} ({username})" if name else username


WORKERS_LISTED = (
    300  # a unit's or a small county's workers are offered in a list; a larger county's are typed
)


class DashboardFilterForm(UswdsFormMixin, forms.Form):
    """One worker the reader oversees (their unit, or the county for a county admin) and one kind of clock, or
    every one. The worker is named by id (the list, the API, the by-worker table's links) or by username (typed,
    where the county has too many workers to list). A worker of another unit or county, or a name or id that
    names no one, is refused alike."""

    worker = forms.CharField(required=False, max_length=150)
    kind = forms.ChoiceField(
        label="Kind of clock", choices=[("", EVERY_KIND), *DeadlineKind.choices], required=False
    )

    def __init__(self, data: Any, *, reader: User) -> None:
        super().__init__(data)
        self.reader = reader
        self.fields["kind"].error_messages["invalid_choice"] = "Choose a kind of clock from the list."

    @property
    def where(self) -> str:
        return "the county" if self.reader.role == Role.COUNTY_ADMIN else "your unit"

    def workers(self) -> QuerySet[User]:
        """Those of the reader's unit or county who may carry cases, by name."""
        return (
            unit_members(self.reader)
            .filter(role__in=CASE_CARRYING_ROLES)
            .order_by("last_name", "first_name", "username")
        )

    def clean_worker(self) -> User | None:
        named = self.cleaned_data["worker"].strip()
        if not named:
            return None
        try:
            lookup = {"pk": UUID(named)}
        except ValueError:
            lookup = {"username": named}
        worker = self.workers().filter(**lookup).first()
        if worker is None:
            raise forms.ValidationError(f"Choose a worker of {self.where}.", code="invalid_choice")
        return worker

    def worker_options(self) -> list[tuple[str, str, bool]] | None:
        """The workers to offer in a list, (id, label, chosen), read in one light query; None when they are more
        than `WORKERS_LISTED` (the page then asks for a username)."""
        chosen = self.chosen_worker()
        rows = self.workers().values_list("pk", "username", "first_name", "last_name")[: WORKERS_LISTED + 1]
        if len(rows) > WORKERS_LISTED:
            return None
        return [
            (
                str(pk),
                worker_label_of(username, f"{first} {last}".strip()),
                chosen is not None and pk == chosen.pk,
            )
            for pk, username, first, last in rows
        ]

    def chosen_worker(self) -> User | None:
        return self.cleaned_data.get("worker") if self.is_valid() else None

    def typed_worker(self) -> str:
        """What the worker box shows: the chosen worker's username, or what was typed."""
        chosen = self.chosen_worker()
        if chosen is not None:
            return chosen.username
        return str(self.data.get("worker", "")) if self.is_bound else ""

    def scope(self) -> Scope:
        """What the page shows: as filtered when the filters are good, the whole unit or county otherwise."""
        if not self.is_valid():
            return Scope(self.reader)
        return Scope(self.reader, worker=self.cleaned_data["worker"], kind=self.cleaned_data["kind"])


class PeriodForm(UswdsFormMixin, forms.Form):
    """The period of the statistics, both days included, by the names the API gives them (`from`, `to`)."""

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        # `from` is a Python keyword, so the fields are added by name.
        self.fields["from"] = forms.DateField(label="From", widget=DAY)
        self.fields["to"] = forms.DateField(label="To", widget=DAY)
        self.fields["from"].error_messages["invalid"] = "Give the first day as a date."
        self.fields["to"].error_messages["invalid"] = "Give the last day as a date."
        for name in ("from", "to"):  # added after the mixin styled the class's own fields
            self.fields[name].widget.attrs["class"] = "usa-input"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from"), cleaned.get("to")
        if isinstance(start, date) and isinstance(end, date) and end < start:
            self.add_error("to", "Give a day on or after the first day.")
        return cleaned

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["from"], self.cleaned_data["to"]


def refusals(form: forms.Form) -> dict[str, list[str]]:
    """The form's messages by field, as the API answers a 400."""
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


def refusal_text(form: forms.Form) -> str:
    return " ".join(message for messages in refusals(form).values() for message in messages)
