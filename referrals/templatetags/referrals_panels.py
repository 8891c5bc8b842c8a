"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from django import template
from django.template import Context

from accounts.access import access_record_many
from accounts.models import User
from kernel.roles import WRITER_ROLES
from referrals.selectors import caseload

register = template.Library()


@register.inclusion_tag("referrals/panels/home_referrals_panel.html", takes_context=True)
def home_referrals_panel(context: Context, user: User) -> dict[str, object]:
    clients = list(caseload(user)[:50])
    access_record_many(context["request"], clients, via="page")
    return {
        "request": context.get("request"),
        "clients": clients,
        "may_write": user.role in WRITER_ROLES,
    }
