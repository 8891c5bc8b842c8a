"""Reads of case notes, scoped to the reader's county (another county's note is not found)."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import RecordId, scoped, scoped_get
from referrals.models import Client

from .models import CaseNote

RECENT = 3


def notes_visible(user: User) -> QuerySet[CaseNote]:
    return scoped(CaseNote.objects.select_related("author", "client", "county", "entered_in_error_by"), user)


def notes_of(user: User, client: Client) -> QuerySet[CaseNote]:
    """The child's notes, newest first (by when they happened), entered in error or not."""
    return notes_visible(user).filter(client=client).order_by("-occurred_at", "-id")


def note_get(user: User, note_id: RecordId) -> CaseNote:
    return scoped_get(
        CaseNote.objects.select_related("author", "client__county", "county", "entered_in_error_by"),
        user,
        pk=note_id,
    )


def recent_notes(user: User, client: Client, count: int = RECENT) -> list[CaseNote]:
    """The child's latest notes that stand (not entered in error), for the child's page."""
    return list(notes_of(user, client).filter(entered_in_error_at__isnull=True)[:count])


def note_history(note: CaseNote) -> list[Any]:
    """Every version of the note, newest first, with who made it and why (history rows are built at run time:
    they have no static type)."""
    rows = note.history.select_related("history_user").order_by("-history_date", "-history_id")
    return list(rows)
