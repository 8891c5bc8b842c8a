"""Case note forms: fields and types only; `notes.services` checks the rules and its messages land on the
fields."""

from typing import Any

from django import forms

from kernel.forms import CorrectionReason, LateEntryFields, UswdsFormMixin

from .models import NOTE_MAX_LENGTH, CaseNote, NoteKind

INSTANT = forms.DateTimeInput(attrs={"type": "datetime-local", "step": "60"}, format="%Y-%m-%dT%H:%M")


class NoteForm(UswdsFormMixin, LateEntryFields):
    kind = forms.ChoiceField(choices=[("", "- Select -"), *NoteKind.choices], label="Kind of note")
    occurred_at = forms.DateTimeField(
        widget=INSTANT,
        label="When it happened",
        help_text="The date and time of the contact, meeting or hearing the note records, in your county's time "
        "zone.",
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=NOTE_MAX_LENGTH,
        label="Note",
        help_text=f"At most {NOTE_MAX_LENGTH:,} characters. Once saved, a note is only corrected, with a reason.",
    )


def note_initial(note: CaseNote) -> dict[str, Any]:
    """A note's fields as the correction form starts from them."""
    return {
        "kind": note.kind,
        "occurred_at": note.occurred_at,
        "text": note.text,
        "late_entry": bool(note.late_entry_reason),
        "late_entry_reason": note.late_entry_reason,
    }


class NoteCorrectForm(CorrectionReason, NoteForm):
    pass
