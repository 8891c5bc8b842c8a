"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("caseplans/panels/client_caseplan_panel.html", takes_context=True)
def client_caseplan_panel(context: Any, client: Any) -> dict[str, Any]:
    return {"request": context.get("request")}


@register.inclusion_tag("caseplans/panels/dashboard_caseplan_panel.html", takes_context=True)
def dashboard_caseplan_panel(context: Any, user: Any) -> dict[str, Any]:
    return {"request": context.get("request")}
