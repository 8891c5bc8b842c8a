"""Write paths of case plans: validate, write with history and the acting user, all or nothing.

`plans` (the plan itself), `planned` (services in the plan), `meetings` (Child and Family Team meetings) and
`protocol` (the county's days); `common` holds what they share: who writes, the child's days, and how a correction
or an entry made in error carries its reason. Callers import the write paths from here.
"""

from .common import require_plan_writer
from .meetings import cft_meeting_add, cft_meeting_update, cft_meeting_void
from .planned import service_add, service_status_set, service_update, service_void
from .plans import case_plan_change, case_plan_save, case_plan_void
from .protocol import MAX_PLAN_DUE_DAYS, PROTOCOL_ADMIN_ONLY, plan_due_days_set, protocol_county

__all__ = [
    "MAX_PLAN_DUE_DAYS",
    "PROTOCOL_ADMIN_ONLY",
    "case_plan_change",
    "case_plan_save",
    "case_plan_void",
    "cft_meeting_add",
    "cft_meeting_update",
    "cft_meeting_void",
    "plan_due_days_set",
    "protocol_county",
    "require_plan_writer",
    "service_add",
    "service_status_set",
    "service_update",
    "service_void",
]
