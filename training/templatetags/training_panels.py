"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("training/panels/home_training_panel.html", takes_context=True)
def home_training_panel(context: Any, user: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("training/panels/dashboard_training_panel.html", takes_context=True)
def dashboard_training_panel(context: Any, user: Any) -> dict[str, Any]:
    return {"request": context.get("request")}
