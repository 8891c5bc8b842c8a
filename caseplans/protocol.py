"""The county's case plan protocol: how many days after identification a plan with a CSE service must exist.

ACL 16-85 leaves the number to county protocol; the county admin sets it, with history.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import County, Role, User

from .models import CaseplanSettings

MAX_PLAN_DUE_DAYS = 365


@transaction.atomic
def plan_due_days_set(*, user: User, county: County, days: int) -> CaseplanSettings:
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied("Only the county admin sets the county's protocol.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_PLAN_DUE_DAYS:
        raise ValidationError(
            {"plan_due_days": [f"Give a whole number of days from 1 to {MAX_PLAN_DUE_DAYS}."]}
        )
    settings = CaseplanSettings.objects.select_for_update().filter(county=county).first()
    if settings is None:
        settings = CaseplanSettings(county=county)
    settings.plan_due_days = days
    settings._history_user = user  # type: ignore[attr-defined]
    settings._change_reason = "case plan days set"  # type: ignore[attr-defined]
    settings.full_clean()
    settings.save()
    return settings
