"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from typing import Any

from django import template
from django.utils import timezone

from accounts.access import access_record_many
from kernel.roles import WRITER_ROLES
from referrals.models import VICTIM_TYPES
from referrals.selectors import csec_rows_open_on

from ..catalogue import AT_RISK_SERVICES
from ..selectors import case_plan_of, flagged_clients, plan_due_days, plan_flag

register = template.Library()

AT_RISK_CODES = sorted(str(code) for code in AT_RISK_SERVICES)
DASHBOARD_LISTED = 200  # the rest are on the flags page


@register.inclusion_tag("caseplans/panels/client_caseplan_panel.html", takes_context=True)
def client_caseplan_panel(context: Any, client: Any) -> dict[str, Any]:
    """The child's plan, services and CFT meetings, and the flag when the plan is overdue. The host page
    (the client page) has already recorded the read of the child's record."""
    request = context.get("request")
    user = request.user if request else None
    today = timezone.localdate(timezone=client.county.zone)
    open_types = set(csec_rows_open_on(client, today).values_list("csec_type", flat=True))
    return {
        "request": request,
        "client": client,
        "plan": case_plan_of(client),
        "flag": plan_flag(client, today),
        "identified": bool(open_types),
        "victim": bool(open_types & VICTIM_TYPES),
        "may_write": user is not None and user.role in WRITER_ROLES,
        "at_risk_codes": AT_RISK_CODES,
    }


@register.inclusion_tag("caseplans/panels/dashboard_caseplan_panel.html", takes_context=True)
def dashboard_caseplan_panel(context: Any, user: Any) -> dict[str, Any]:
    """Flagged children of the supervisor's unit, or of the county for a county admin."""
    flags = flagged_clients(user)
    listed = flags[:DASHBOARD_LISTED]
    access_record_many(context["request"], [flag.client for flag in listed], via="page")
    return {
        "request": context.get("request"),
        "flags": listed,
        "flag_count": len(flags),
        "due_days": plan_due_days(user.county) if getattr(user, "county_id", None) else None,
    }
