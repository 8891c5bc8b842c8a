"""Write paths of case notes: written, corrected with a reason, marked entered in error; all or nothing.

A note is written by those who carry casework (a social worker, a probation officer, a supervisor; a county
admin writes none). When it happened (`occurred_at`) is a plausible instant: with its offset, not in the
future, not before the child's birth, and older than the county's late-entry window only with a late entry's
reason. A correction names the fields it changes and why; history keeps both versions, who and why. A note
entered in error stays, struck through, and takes no further change.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from kernel.amend import (
    check_reason,
    correction_errors,
    correction_write,
    late_window,
    mark_entered_in_error,
    merged,
)
from kernel.county_time import county_day_start
from kernel.errors import REQUIRED, FieldErrors, add_error, check_choice, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.instants import BEFORE_BIRTH, LateEntry, check_instant
from kernel.roles import require_writer
from referrals.models import Client

from .models import NOTE_MAX_LENGTH, CaseNote, NoteKind

NOTE_CHANGEABLE = frozenset({"kind", "occurred_at", "text"})
TEXT_TOO_LONG = f"Keep the note to {NOTE_MAX_LENGTH:,} characters."
TEXT_NUL = "Text may not contain NUL characters."
UNKNOWN_CLIENT = "Unknown client."
WHAT = "case note"


def check_note_text(errors: FieldErrors, text: object) -> None:
    """Required, not only blanks, bounded, and free of NUL (which PostgreSQL cannot store)."""
    if not isinstance(text, str) or not text.strip():
        add_error(errors, "text", REQUIRED)
    elif "\x00" in text:
        add_error(errors, "text", TEXT_NUL)
    elif len(text.strip()) > NOTE_MAX_LENGTH:
        add_error(errors, "text", TEXT_TOO_LONG)


def check_occurred_at(
    errors: FieldErrors, client: Client, occurred_at: datetime | None, late: LateEntry | None
) -> None:
    """`late` is the county's window for a newly entered instant (None when the instant stands as it was)."""
    born = county_day_start(client.date_of_birth, client.county)
    check_instant(errors, "occurred_at", occurred_at, timezone.now(), after=(born, BEFORE_BIRTH), late=late)


def check_same_county(user: User, client: Client) -> None:
    if client.county_id != user.county_id:
        # Another county's child is unknown to the caller, never "forbidden".
        raise ValidationError({"client": [UNKNOWN_CLIENT]})


def require_note_writer(user: User) -> None:
    """Who may write or change a note: those who carry casework. Called before any input is read (a 403 before
    a 400)."""
    require_writer(user)


@transaction.atomic
def note_create(
    *,
    user: User,
    client: Client,
    kind: str,
    occurred_at: datetime | None,
    text: str,
    late_entry_reason: str = "",
) -> CaseNote:
    """Write a note on the child's record, with its history row naming the author."""
    require_note_writer(user)
    check_same_county(user, client)
    errors: FieldErrors = {}
    check_choice(errors, "kind", kind, NoteKind)
    check_reason(errors, late_entry_reason, "late_entry_reason", required=False)
    late = LateEntry.of(client.county, late_entry_reason if isinstance(late_entry_reason, str) else "")
    check_occurred_at(errors, client, occurred_at, late)
    check_note_text(errors, text)
    raise_if(errors)
    assert occurred_at is not None  # checked above
    note = CaseNote(
        county_id=client.county_id,
        client=client,
        kind=kind,
        occurred_at=occurred_at,
        text=text.strip(),
        author=user,
        late_entry_reason=(late_entry_reason or "").strip(),
    )
    save_with_history(note, user, "case note written")
    return note


def note_locked(note: CaseNote) -> CaseNote:
    return CaseNote.objects.select_for_update(of=("self",)).select_related("client__county").get(pk=note.pk)


def actual_changes(note: CaseNote, changes: dict[str, Any]) -> dict[str, Any]:
    """The fields the correction really changes (text compared without its surrounding blanks)."""

    def same(name: str, value: Any) -> bool:
        current = getattr(note, name)
        if isinstance(value, str) and isinstance(current, str):
            return value.strip() == current
        return bool(value == current)

    return {name: value for name, value in changes.items() if not same(name, value)}


@transaction.atomic
def note_correct(
    *, user: User, note: CaseNote, reason: str, late_entry_reason: str | None = None, **changes: Any
) -> CaseNote:
    """Correct a note's kind, time or text (`PATCH notes/{id}/`): checked again by the rules it was written
    under, a newly entered time also by the county's late-entry window; `reason` is required and history keeps
    it beside both versions. A note entered in error takes no correction."""
    require_note_writer(user)
    check_same_county(user, note.client)
    refuse_unknown(changes, NOTE_CHANGEABLE)
    note = note_locked(note)
    changes = actual_changes(note, changes)
    errors = correction_errors(note, reason, changes, late_entry_reason)
    check_reason(errors, late_entry_reason, "late_entry_reason", required=False)
    check_choice(errors, "kind", merged(changes, "kind", note.kind), NoteKind)
    given_late = late_entry_reason if isinstance(late_entry_reason, str) else None
    late = late_window(note.county, note, "occurred_at", changes, (given_late, note.late_entry_reason))
    check_occurred_at(errors, note.client, merged(changes, "occurred_at", note.occurred_at), late)
    check_note_text(errors, merged(changes, "text", note.text))
    raise_if(errors)
    correction_write(note, user, what=WHAT, reason=reason, changes=changes, late_reason=given_late)
    return note


@transaction.atomic
def note_void(*, user: User, note: CaseNote, reason: str) -> CaseNote:
    """Mark a note entered in error: it stays on the record, struck through, with who marked it and why."""
    require_note_writer(user)
    check_same_county(user, note.client)
    note = note_locked(note)
    mark_entered_in_error(note, user, reason, what=WHAT, at=timezone.now())
    return note
