"""Panels this app contributes to pages owned by other apps (client, referral, home, dashboard)."""

from django import template
from django.http import HttpRequest
from django.template import Context
from django.utils import timezone

from accounts.access import access_record_many
from accounts.models import User
from kernel.acting import acting
from kernel.roles import WRITER_ROLES
from referrals.models import VICTIM_TYPES, Client
from referrals.selectors import csec_rows_open_on

from ..catalogue import AT_RISK_SERVICES
from ..selectors import case_plan_of, flagged, live_plan, plan_flag

register = template.Library()

AT_RISK_CODES = sorted(str(code) for code in AT_RISK_SERVICES)
DASHBOARD_LISTED = 200  # the rest are on the flags page


@register.inclusion_tag("caseplans/panels/client_caseplan_panel.html", takes_context=True)
def client_caseplan_panel(context: Context, client: Client) -> dict[str, object]:
    """The child's plan, services and CFT meetings, and the flag when the plan is overdue. The host page
    (the client page) has already recorded the read of the child's record."""
    request: HttpRequest | None = context.get("request")
    user = acting(request) if request else None
    today = timezone.localdate(timezone=client.county.zone)
    open_types = set(csec_rows_open_on(client, today).values_list("csec_type", flat=True))
    row = case_plan_of(client)
    plan = live_plan(row)
    return {
        "request": request,
        "client": client,
        "plan": plan,
        "plan_in_error": row if plan is None else None,
        "flag": plan_flag(client, today),
        "identified": bool(open_types),
        "victim": bool(open_types & VICTIM_TYPES),
        "may_write": user is not None and user.role in WRITER_ROLES,
        "at_risk_codes": AT_RISK_CODES,
    }


@register.inclusion_tag("caseplans/panels/dashboard_caseplan_panel.html", takes_context=True)
def dashboard_caseplan_panel(context: Context, user: User, worker: User | None = None) -> dict[str, object]:
    """Flagged children of the supervisor's unit, or of the county for a county admin (of one worker of
    them, when the dashboard is narrowed to one): all counted, the first listed."""
    flags = flagged(user, listed=DASHBOARD_LISTED, worker=worker)
    access_record_many(context["request"], [flag.client for flag in flags.flags], via="page")
    return {
        "request": context.get("request"),
        "flags": flags.flags,
        "flag_count": flags.count,
        "due_days": flags.due_days,
    }
