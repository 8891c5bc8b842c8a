"""Petition forms: fields and types only. The service checks the rules; its messages land beside the field, the
hearing or the protective behaviour they concern (`place_service_errors`)."""

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django import forms
from django.core.exceptions import ValidationError

from kernel.forms import CorrectionReason, UswdsFormMixin
from referrals.models import Allegation

from .catalogue import FAILURE_TO_PROTECT, HearingKind, Outcome, ProtectiveBehaviour, Subdivision
from .models import Petition
from .selectors import allegation_label

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE = ("", "- Choose -")
CHECKLIST_REFUSED = "Please look at the parents' protective behaviours below."
BEHAVIOUR_HINTS = {
    ProtectiveBehaviour.REPORTED_MISSING: "For example, a missing-person report to the police, and when.",
    ProtectiveBehaviour.RESTRICTED_CONTACT: "For example, forbidding visits or calls, blocking accounts.",
    ProtectiveBehaviour.SOUGHT_HELP: "For example, a community organization, therapist, school or church.",
    ProtectiveBehaviour.SAFETY_PLAN_OR_SERVICES: "A safety plan with the agency, or voluntary services taken up.",
}


class PetitionData(TypedDict):
    """A petition as the form gives it to the service."""

    wic_300_subdivision: str
    allegations: list[str]
    filed_at: date
    hearings: list[dict[str, object]]
    outcome: str
    protective_behaviours: dict[str, dict[str, object]]


def present_name(code: str) -> str:
    return f"pb_{code}"


def note_name(code: str) -> str:
    return f"pb_{code}_note"


def behaviour_fields() -> dict[str, forms.Field]:
    """A checkbox and a note for each behaviour the FAQ names, in its order."""
    fields: dict[str, forms.Field] = {}
    for code in ProtectiveBehaviour:
        fields[present_name(code)] = forms.BooleanField(
            required=False,
            label=f"The parents: {code.label[0].lower()}{code.label[1:]}",
            widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"}),
        )
        fields[note_name(code)] = forms.CharField(
            required=False,
            label=f"Note: {code.label[0].lower()}{code.label[1:]}",
            help_text=f"What the parents did, or why not. {BEHAVIOUR_HINTS[code]}",
            widget=forms.Textarea(attrs={"rows": 2, "class": "usa-textarea height-10"}),
        )
    return fields


def allegation_choices(allegations: Iterable[Allegation]) -> list[tuple[str, str]]:
    return [
        (str(a.pk), allegation_label(a) + (" (entered in error)" if a.entered_in_error else ""))
        for a in allegations
    ]


class PetitionForm(UswdsFormMixin, forms.Form):
    wic_300_subdivision = forms.ChoiceField(
        choices=[CHOOSE, *Subdivision.choices],
        label="WIC 300 subdivision",
        help_text="Chosen with county counsel: the one that best fits the facts.",
    )
    allegations = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Allegations the petition rests on",
    )
    filed_at = forms.DateField(widget=DATE, label="Filed with the juvenile court on")
    outcome = forms.ChoiceField(
        choices=[("", "Pending"), *Outcome.choices],
        required=False,
        label="Outcome",
        help_text="Pending until the court sustains, dismisses or amends the petition.",
    )

    def __init__(self, *args: Any, allegations: Iterable[Allegation] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(behaviour_fields())
        choices = allegation_choices(allegations)
        allegation_field = self.fields["allegations"]
        assert isinstance(allegation_field, forms.MultipleChoiceField)
        allegation_field.choices = choices

    @property
    def behaviour_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[present_name(code)], self[note_name(code)]) for code in ProtectiveBehaviour.values]

    @property
    def behaviour_errors(self) -> list[str]:
        """The checklist's messages that concern no one behaviour (shown at the top of the checklist)."""
        return list(getattr(self, "_behaviour_errors", []))

    @property
    def shows_behaviours(self) -> bool:
        """Whether the page shows the checklist as it is rendered: for a (b)(2) petition, or while anything in it
        was typed or refused (the worker then sees what the server refused)."""
        if self["wic_300_subdivision"].value() == FAILURE_TO_PROTECT or self.behaviour_errors:
            return True
        return any(
            self.has_error(note_name(code)) or self.typed_behaviour(code)
            for code in ProtectiveBehaviour.values
        )

    def typed_behaviour(self, code: str) -> bool:
        if not self.is_bound:
            return False
        return bool(self.data.get(present_name(code))) or bool(
            str(self.data.get(note_name(code), "")).strip()
        )

    def behaviours(self) -> dict[str, dict[str, object]]:
        """The checklist as the service takes it: every behaviour for a (b)(2) petition or when anything in it
        was typed (the service then says whether it belongs), otherwise none."""
        data = self.cleaned_data
        given = {
            code: {"present": bool(data.get(present_name(code))), "note": data.get(note_name(code)) or ""}
            for code in ProtectiveBehaviour.values
        }
        typed = any(entry["present"] or str(entry["note"]).strip() for entry in given.values())
        if data.get("wic_300_subdivision") == FAILURE_TO_PROTECT or typed:
            return given
        return {}

    def petition_data(self, hearings: list[dict[str, object]]) -> "PetitionData":
        data = self.cleaned_data
        return PetitionData(
            wic_300_subdivision=data["wic_300_subdivision"],
            allegations=list(data.get("allegations") or []),
            filed_at=data["filed_at"],
            hearings=hearings,
            outcome=data.get("outcome") or "",
            protective_behaviours=self.behaviours(),
        )

    def keep_behaviour_error(self, messages: list[str]) -> None:
        self._behaviour_errors = [*self.behaviour_errors, *messages]


class PetitionCorrectForm(CorrectionReason, PetitionForm):
    pass


def petition_initial(petition: Petition) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "wic_300_subdivision": petition.wic_300_subdivision,
        "allegations": list(petition.allegation_ids),
        "filed_at": petition.filed_at,
        "outcome": petition.outcome,
    }
    for behaviour in petition.behaviour_list:
        initial[present_name(behaviour.code)] = behaviour.present
        initial[note_name(behaviour.code)] = behaviour.note
    return initial


def hearing_initial(petition: Petition) -> list[dict[str, Any]]:
    return [{"date": h.date, "kind": h.kind, "note": h.note} for h in petition.hearing_list]


class HearingForm(UswdsFormMixin, forms.Form):
    """One row of hearings: left blank, it is no hearing; used, it needs its date and kind."""

    date = forms.DateField(widget=DATE, required=False)
    kind = forms.ChoiceField(choices=[CHOOSE, *HearingKind.choices], required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2, "class": "height-10"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        number = self.number
        self.fields["date"].label = f"Date of hearing {number}"
        self.fields["kind"].label = f"Kind of hearing {number}"
        self.fields["note"].label = f"Note on hearing {number}"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        used = any(cleaned.get(name) for name in ("date", "kind", "note")) and not cleaned.get("DELETE")
        if used and not cleaned.get("date") and not self.has_error("date"):
            self.add_error("date", "Give the hearing's date.")
        if used and not cleaned.get("kind"):
            self.add_error("kind", "Choose the kind of hearing.")
        return cleaned

    @property
    def number(self) -> int:
        """The hearing's place on the page, from 1 (its prefix ends with its index)."""
        tail = (self.prefix or "").rsplit("-", 1)[-1]
        return int(tail) + 1 if tail.isdigit() else 1


if TYPE_CHECKING:
    HearingFormSetBase = forms.BaseFormSet[HearingForm]
else:  # Django's formsets take no type argument at run time
    HearingFormSetBase = forms.BaseFormSet


class BaseHearingFormSet(HearingFormSetBase):
    def add_fields(self, form: HearingForm, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = f"Remove hearing {form.number}"
            form.fields["DELETE"].widget.attrs["class"] = "usa-checkbox__input"

    def hearings(self) -> tuple[list[dict[str, object]], list[int]]:
        """The hearings given (rows left blank or removed left out), and each one's row on the page."""
        hearings: list[dict[str, object]] = []
        rows: list[int] = []
        for index, form in enumerate(self.forms):
            data = form.cleaned_data
            if not data or data.get("DELETE") or not (data.get("date") or data.get("kind")):
                continue
            hearings.append({"date": data["date"], "kind": data["kind"], "note": data.get("note") or ""})
            rows.append(index)
        return hearings, rows


def hearing_formset(
    data: Any = None, *, initial: list[dict[str, Any]] | None = None, correcting: bool = False
) -> BaseHearingFormSet:
    """Rows for the hearings: those recorded (each with a Remove box, when correcting) and two blank ones."""
    factory = forms.formset_factory(
        HearingForm,
        formset=BaseHearingFormSet,
        extra=2,
        can_delete=correcting,
        can_delete_extra=False,
        max_num=60,
        validate_max=True,
    )
    return cast(BaseHearingFormSet, factory(data, initial=initial, prefix="hearings"))


def place_service_errors(
    form: PetitionForm, formset: BaseHearingFormSet, rows: list[int], error: ValidationError
) -> None:
    """The service's refusal on the page: a hearing's message on its row, a behaviour's beside its note, a field's
    beside the field, and the rest at the top of the form (or of the checklist)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        for one in errors:
            where = one.params or {}
            messages = one.messages
            hearing, behaviour = where.get("hearing"), where.get("behaviour")
            if name == "hearings" and isinstance(hearing, int) and hearing < len(rows):
                formset.forms[rows[hearing]].add_error(None, messages)
            elif name == "protective_behaviours" and isinstance(behaviour, str):
                form.add_error(note_name(behaviour), messages)
            elif name == "protective_behaviours":
                form.keep_behaviour_error(messages)
                form.add_error(None, CHECKLIST_REFUSED)
            elif name in form.fields:
                form.add_error(name, messages)
            else:
                form.add_error(None, messages)
