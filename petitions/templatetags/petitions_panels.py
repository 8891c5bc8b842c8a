"""Panels this app contributes to pages owned by other apps (the client page)."""

from django import template
from django.http import HttpRequest
from django.template import Context

from kernel.acting import acting
from kernel.county_time import county_today
from kernel.roles import may_write
from referrals.models import Client

from ..selectors import next_hearing, petitions_of

register = template.Library()


@register.inclusion_tag("petitions/panels/client_petition_panel.html", takes_context=True)
def client_petition_panel(context: Context, client: Client) -> dict[str, object]:
    """The child's petitions, the latest filed first, each with its next hearing. The host page (the client page)
    has already recorded the read of the child's record."""
    request: HttpRequest | None = context.get("request")
    user = acting(request) if request else None
    today = county_today(client.county)
    return {
        "request": request,
        "client": client,
        "rows": [(petition, next_hearing(petition, today)) for petition in petitions_of(client)],
        "may_write": user is not None and may_write(user),
    }
