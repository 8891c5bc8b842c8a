"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from django import template
from django.template import Context

from accounts.models import User
from kernel.roles import Role

from .. import selectors

register = template.Library()


@register.inclusion_tag("training/panels/home_training_panel.html", takes_context=True)
def home_training_panel(context: Context, user: User) -> dict[str, object]:
    """The worker's own required courses and which are still missing."""
    return {"request": context.get("request"), "status": selectors.own_training(user)}


@register.inclusion_tag("training/panels/dashboard_training_panel.html", takes_context=True)
def dashboard_training_panel(context: Context, user: User) -> dict[str, object]:
    """Who in the supervisor's unit (the county for an admin) lacks required training."""
    scope = "county" if user.role == Role.COUNTY_ADMIN else "unit"
    return {"request": context.get("request"), "lacking": selectors.lacking_training(user), "scope": scope}
