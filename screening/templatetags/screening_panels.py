"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("screening/panels/client_screening_panel.html", takes_context=True)
def client_screening_panel(context: Any, client: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("screening/panels/referral_screening_panel.html", takes_context=True)
def referral_screening_panel(context: Any, referral: Any) -> dict[str, Any]:
    return {"request": context.get("request")}
