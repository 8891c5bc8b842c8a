"""The county's protocol: how many days after identification a child must have a plan with a CSE service."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import County, User
from accounts.services import county_settings_lock
from kernel.history import save_with_history
from kernel.roles import Role

from ..models import CaseplanSettings

MAX_PLAN_DUE_DAYS = 365
PROTOCOL_ADMIN_ONLY = "Only the county admin sets the county's protocol."


def protocol_county(user: User) -> County:
    """The county whose protocol `user` sets: only a county admin sets it, for their own county."""
    if user.role != Role.COUNTY_ADMIN or user.county is None:
        raise PermissionDenied(PROTOCOL_ADMIN_ONLY)
    return user.county


@transaction.atomic
def plan_due_days_set(*, user: User, county: County, days: int) -> CaseplanSettings:
    """How many days after identification a child must have a plan with a CSE service: the county admin's call."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied(PROTOCOL_ADMIN_ONLY)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_PLAN_DUE_DAYS:
        raise ValidationError(
            {"plan_due_days": [f"Give a whole number of days from 1 to {MAX_PLAN_DUE_DAYS}."]}
        )
    county_settings_lock(county)
    settings = CaseplanSettings.objects.select_for_update().filter(county=county).first()
    if settings is None:
        settings = CaseplanSettings(county=county)
    settings.plan_due_days = days
    save_with_history(settings, user, f"Case plans due {days} days after identification")
    return settings
