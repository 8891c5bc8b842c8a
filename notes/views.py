"""Case note pages under the child's record: the notes, writing one, a note with its history, its correction
and the confirmation step that marks it entered in error. Thin adapters over `notes.services` and
`notes.selectors`; the service refuses what its rules refuse, and the form shows it with what was typed."""

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts.access import access_record, access_record_many
from kernel.acting import acting
from kernel.forms import VoidForm, run_service
from kernel.roles import may_write
from referrals.selectors import client_get

from . import selectors, services
from .forms import NoteCorrectForm, NoteForm, note_initial
from .models import CaseNote

PAGE_SIZE = 25


@login_required
def notes_page(request: HttpRequest, client_id: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, client_id)
    access_record(request, client, via="page")
    page = Paginator(selectors.notes_of(user, client), PAGE_SIZE).get_page(request.GET.get("page"))
    access_record_many(request, page.object_list, via="page")
    context = {"client": client, "page": page, "may_write": may_write(user)}
    return render(request, "notes/notes.html", context)


@login_required
def note_new(request: HttpRequest, client_id: str) -> HttpResponse:
    user = acting(request)
    client = client_get(user, client_id)
    services.require_note_writer(user)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = run_service(form, lambda: services.note_create(user=user, client=client, **form.entry_data()))
        if note is not None:
            messages.success(request, f"{note.get_kind_display()} saved.")
            return redirect("notes:list", client_id=client.pk)
    elif request.method != "POST":
        access_record(request, client, via="page")
    status = 400 if form.errors else 200
    return render(request, "notes/note_form.html", {"client": client, "form": form}, status=status)


@login_required
def note_detail(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    note = selectors.note_get(user, pk)
    access_record(request, note, via="page")
    context = {
        "note": note,
        "client": note.client,
        "versions": selectors.note_history(note),
        "may_change": may_write(user) and not note.entered_in_error,
    }
    return render(request, "notes/note_detail.html", context)


def same_minute(new: datetime, old: datetime) -> bool:
    return new.replace(second=0, microsecond=0) == old.replace(second=0, microsecond=0)


def correction_data(form: NoteCorrectForm, note: CaseNote) -> dict[str, Any]:
    """The reason, a late entry's reason when the box is ticked, and each field the person changed (the time
    compared to the minute the form shows)."""
    data = form.entry_data()
    changes = {name: data[name] for name in services.NOTE_CHANGEABLE}
    if isinstance(changes["occurred_at"], datetime) and same_minute(changes["occurred_at"], note.occurred_at):
        del changes["occurred_at"]
    late = data["late_entry_reason"]
    if late == note.late_entry_reason:
        late = ""
    return {"reason": data["reason"], **({"late_entry_reason": late} if late else {}), **changes}


@login_required
def note_correct(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    note = selectors.note_get(user, pk)
    services.require_note_writer(user)
    if note.entered_in_error:
        messages.error(request, "This note is marked entered in error: it can no longer be changed.")
        return redirect("notes:note", pk=note.pk)
    form = NoteCorrectForm(request.POST or None, initial=note_initial(note))
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form, lambda: services.note_correct(user=user, note=note, **correction_data(form, note))
        )
        if saved is not None:
            messages.success(request, "Note corrected. Its history keeps both versions.")
            return redirect("notes:note", pk=note.pk)
    elif request.method != "POST":
        access_record(request, note, via="page")
    context = {"note": note, "client": note.client, "form": form}
    return render(request, "notes/note_correct.html", context, status=400 if form.errors else 200)


@login_required
def note_void(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    note = selectors.note_get(user, pk)
    services.require_note_writer(user)
    if note.entered_in_error:
        messages.error(request, "This note is already marked entered in error.")
        return redirect("notes:note", pk=note.pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if run_service(form, lambda: services.note_void(user=user, note=note, reason=reason)) is not None:
            messages.success(request, "Note marked entered in error. It stays on the record, struck through.")
            return redirect("notes:note", pk=note.pk)
    elif request.method != "POST":
        access_record(request, note, via="page")
    context = {"note": note, "client": note.client, "form": form}
    return render(request, "notes/note_void.html", context, status=400 if form.errors else 200)
