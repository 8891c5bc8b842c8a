"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("reporting/panels/client_clock_panel.html", takes_context=True)
def client_clock_panel(context: Any, client: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("reporting/panels/referral_clock_panel.html", takes_context=True)
def referral_clock_panel(context: Any, referral: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("reporting/panels/client_missing_panel.html", takes_context=True)
def client_missing_panel(context: Any, client: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("reporting/panels/home_clock_panel.html", takes_context=True)
def home_clock_panel(context: Any, user: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("reporting/panels/notifications_badge.html", takes_context=True)
def notifications_badge(context: Any, user: Any) -> dict[str, Any]:
    return {"request": context.get("request")}
