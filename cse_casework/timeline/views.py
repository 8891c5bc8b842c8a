"""The child's timeline page: what a worker reads before a home visit and a supervisor in case review."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.access import access_record
from kernel.acting import acting
from kernel.forms import UswdsFormMixin
from referrals.selectors import client_get

from .selectors import Position, timeline_page
from .sources import SOURCES

PAGE_SIZE = 25


class TimelineFilter(UswdsFormMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "Everything"), *((source.kind, source.label) for source in SOURCES)],
        required=False,
        label="Show",
    )


def cursor_position(raw: str | None) -> tuple[Position | None, bool]:
    """The position a page link names; a cursor not made here is not found."""
    if not raw:
        return None, False
    try:
        return Position.from_cursor(raw)
    except ValueError as exc:
        raise Http404("No such page of the timeline.") from exc


@login_required
def timeline(request: HttpRequest, pk: str) -> HttpResponse:
    client = client_get(acting(request), pk)
    access_record(request, client, via="page")
    form = TimelineFilter(request.GET)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    position, backwards = cursor_position(request.GET.get("cursor"))
    page = timeline_page(
        client, kinds=[kind] if kind else [], position=position, backwards=backwards, size=PAGE_SIZE
    )
    context = {
        "client": client,
        "form": form,
        "kind": kind,
        "page": page,
        "older": page.older.cursor(backwards=False) if page.older else None,
        "newer": page.newer.cursor(backwards=True) if page.newer else None,
    }
    return render(request, "cse_casework/timeline.html", context, status=400 if form.errors else 200)
