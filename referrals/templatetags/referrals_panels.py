"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template

from referrals.selectors import caseload
from referrals.services import WRITER_ROLES

register = template.Library()


@register.inclusion_tag("referrals/panels/home_referrals_panel.html", takes_context=True)
def home_referrals_panel(context: Any, user: Any) -> dict[str, Any]:
    return {
        "request": context.get("request"),
        "clients": caseload(user)[:50],
        "may_write": user.role in WRITER_ROLES,
    }
