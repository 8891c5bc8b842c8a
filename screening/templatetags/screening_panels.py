"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from django import template
from django.http import HttpRequest
from django.template import Context

from kernel.acting import acting
from kernel.roles import WRITER_ROLES
from referrals.models import Client, Referral
from screening import selectors

register = template.Library()

HISTORY_SHOWN = 20


@register.inclusion_tag("screening/panels/client_screening_panel.html", takes_context=True)
def client_screening_panel(context: Context, client: Client) -> dict[str, object]:
    """The child's screening history, latest first, with a way to screen the child again."""
    request: HttpRequest = context["request"]
    user = acting(request)
    return {
        "request": request,
        "client": client,
        "screenings": list(selectors.client_screenings(user, client)[:HISTORY_SHOWN]),
        "may_screen": user.role in WRITER_ROLES,
        "county": context.get("county"),
    }


@register.inclusion_tag("screening/panels/referral_screening_panel.html", takes_context=True)
def referral_screening_panel(context: Context, referral: Referral) -> dict[str, object]:
    """The latest screening of the referral's child, and a way to screen the child for this referral."""
    request: HttpRequest = context["request"]
    user = acting(request)
    return {
        "request": request,
        "referral": referral,
        "latest": selectors.latest_screening(user, referral.client),
        "may_screen": user.role in WRITER_ROLES,
    }
