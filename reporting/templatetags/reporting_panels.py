"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

from accounts.access import access_record_many
from reporting import selectors

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("reporting/panels/client_clock_panel.html", takes_context=True)
def client_clock_panel(context: Any, client: Any) -> dict[str, Any]:
    user = _user(context)
    return {
        "request": context.get("request"),
        "client": client,
        "clocks": selectors.client_clocks(user, client).filter(
            met_at__isnull=True, cancelled_at__isnull=True
        ),
    }


@register.inclusion_tag("reporting/panels/referral_clock_panel.html", takes_context=True)
def referral_clock_panel(context: Any, referral: Any) -> dict[str, Any]:
    user = _user(context)
    return {
        "request": context.get("request"),
        "referral": referral,
        "clocks": selectors.deadlines_visible(user, {"referral": referral.pk}).order_by("due_at"),
    }


@register.inclusion_tag("reporting/panels/client_missing_panel.html", takes_context=True)
def client_missing_panel(context: Any, client: Any) -> dict[str, Any]:
    user = _user(context)
    return {
        "request": context.get("request"),
        "client": client,
        "episodes": selectors.episodes_visible(user).filter(client=client),
    }


@register.inclusion_tag("reporting/panels/home_clock_panel.html", takes_context=True)
def home_clock_panel(context: Any, user: Any) -> dict[str, Any]:
    clocks = list(selectors.open_clocks_of_worker(user)[:50])
    access_record_many(
        context["request"], {clock.client_id: clock.client for clock in clocks}.values(), via="page"
    )
    return {"request": context.get("request"), "clocks": clocks}


@register.inclusion_tag("reporting/panels/notifications_badge.html", takes_context=True)
def notifications_badge(context: Any, user: Any) -> dict[str, Any]:
    unread = selectors.notifications_of(user).filter(read_at__isnull=True).count()
    return {"request": context.get("request"), "unread": unread}
