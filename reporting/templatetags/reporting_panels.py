"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.context import Context

from accounts.access import access_record_many
from accounts.models import User
from kernel.acting import acting
from referrals.models import Client, Referral
from reporting import selectors

register = template.Library()


def _reader(context: Context) -> User:
    """The signed-in user the host page is for (every host page requires a sign-in)."""
    return acting(context["request"])


@register.inclusion_tag("reporting/panels/client_clock_panel.html", takes_context=True)
def client_clock_panel(context: Context, client: Client) -> dict[str, object]:
    return {
        "request": context.get("request"),
        "client": client,
        "clocks": selectors.client_clocks(_reader(context), client).filter(
            met_at__isnull=True, cancelled_at__isnull=True
        ),
    }


@register.inclusion_tag("reporting/panels/referral_clock_panel.html", takes_context=True)
def referral_clock_panel(context: Context, referral: Referral) -> dict[str, object]:
    return {
        "request": context.get("request"),
        "referral": referral,
        "clocks": selectors.deadlines_visible(_reader(context), {"referral": referral.pk}).order_by("due_at"),
    }


@register.inclusion_tag("reporting/panels/client_missing_panel.html", takes_context=True)
def client_missing_panel(context: Context, client: Client) -> dict[str, object]:
    return {
        "request": context.get("request"),
        "client": client,
        "episodes": selectors.episodes_visible(_reader(context)).filter(client=client),
    }


@register.inclusion_tag("reporting/panels/home_clock_panel.html", takes_context=True)
def home_clock_panel(context: Context, user: User) -> dict[str, object]:
    clocks = list(selectors.open_clocks_of_worker(user)[:50])
    access_record_many(
        context["request"], {clock.client_id: clock.client for clock in clocks}.values(), via="page"
    )
    return {"request": context.get("request"), "clocks": clocks}


@register.inclusion_tag("reporting/panels/notifications_badge.html", takes_context=True)
def notifications_badge(context: Context, user: User | AnonymousUser) -> dict[str, object]:
    """In the header of every page (one count on a partial index); a visitor not signed in has none."""
    unread = selectors.unread_count(user) if isinstance(user, User) else 0
    return {"request": context.get("request"), "unread": unread}
