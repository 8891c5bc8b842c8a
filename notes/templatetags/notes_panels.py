"""Panels this app contributes to pages owned by other apps (the child's page)."""

from django import template
from django.http import HttpRequest
from django.template import Context

from accounts.access import access_record_many
from kernel.acting import acting
from kernel.roles import may_write
from referrals.models import Client

from ..selectors import recent_notes

register = template.Library()


@register.inclusion_tag("notes/panels/client_notes_panel.html", takes_context=True)
def client_notes_panel(context: Context, client: Client) -> dict[str, object]:
    """The child's latest notes, with the way to all of them and to write one. The host page has recorded the
    read of the child; each note shown is recorded too."""
    request: HttpRequest = context["request"]
    user = acting(request)
    notes = recent_notes(user, client)
    access_record_many(request, notes, via="page")
    return {"request": request, "client": client, "notes": notes, "may_write": may_write(user)}
