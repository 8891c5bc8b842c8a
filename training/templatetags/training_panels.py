"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

from kernel.roles import Role

from .. import selectors

register = template.Library()


@register.inclusion_tag("training/panels/home_training_panel.html", takes_context=True)
def home_training_panel(context: Any, user: Any) -> dict[str, Any]:
    """The worker's own required courses and which are still missing."""
    return {"request": context.get("request"), "status": selectors.own_training(user)}


@register.inclusion_tag("training/panels/dashboard_training_panel.html", takes_context=True)
def dashboard_training_panel(context: Any, user: Any) -> dict[str, Any]:
    """Who in the supervisor's unit (the county for an admin) lacks required training."""
    scope = "county" if getattr(user, "role", None) == Role.COUNTY_ADMIN else "unit"
    return {"request": context.get("request"), "lacking": selectors.lacking_training(user), "scope": scope}
