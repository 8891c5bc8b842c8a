"""A county's clock settings (DOMAIN.md §5): the hours its county admin sets where the law leaves them to
county protocol. A clock's due time and reminder time are computed once, when it starts, so a change here
applies to clocks started afterwards; clocks already running keep their times."""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import County, User
from accounts.services import county_settings_lock
from kernel.roles import Role

from .models import ClockSettings


@dataclass(frozen=True)
class Bound:
    low: int
    high: int
    label: str  # how the reason in history names the setting


BOUNDS: dict[str, Bound] = {
    "return_notice_hours": Bound(1, 168, "return notice"),
    "return_assessment_hours": Bound(1, 720, "return screening"),
    "reminder_lead_hours": Bound(1, 72, "reminder"),
}
FIELDS = tuple(BOUNDS)


def clock_settings_of(county: County) -> ClockSettings:
    """The county's settings as they stand: its saved row, or the defaults of DOMAIN.md §5 (nothing is written)."""
    return ClockSettings.objects.filter(county=county).first() or ClockSettings(county=county)


def _locked(county: County) -> ClockSettings:
    found = ClockSettings.objects.select_for_update().filter(county=county).first()
    return found or ClockSettings(county=county)


def may_set_clock_settings(user: User, county: County) -> bool:
    return user.role == Role.COUNTY_ADMIN and user.county_id == county.pk


def require_county_admin(user: User, county: County) -> None:
    if not may_set_clock_settings(user, county):
        raise PermissionDenied("Only the county admin of this county sets its clock settings.")


def _check(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        bound = BOUNDS.get(field)
        if bound is None:
            errors[field] = ["Not a clock setting."]
        elif isinstance(value, bool) or not isinstance(value, int) or not bound.low <= value <= bound.high:
            errors[field] = [f"Give a whole number of hours from {bound.low} to {bound.high}."]
    if errors:
        raise ValidationError(errors)


def _apply(settings: ClockSettings, values: dict[str, Any], user: User) -> list[str]:
    changes = []
    for field, value in values.items():
        before = getattr(settings, field)
        if before != value:
            changes.append(f"{BOUNDS[field].label} {before} h to {value} h")
            setattr(settings, field, value)
    if changes:
        settings._history_user = user  # type: ignore[attr-defined]
        settings._change_reason = "Clock settings: " + "; ".join(changes)  # type: ignore[attr-defined]
    return changes


@transaction.atomic
def clock_settings_set(*, user: User, county: County, **values: Any) -> ClockSettings:
    """Set some or all of the county's hours; only its county admin may. Clocks already running keep their
    due and reminder times (computed when they started); the new hours apply to clocks that start later."""
    require_county_admin(user, county)
    _check(values)
    county_settings_lock(county)  # this is the row's only writer: clocks read it without writing
    settings = _locked(county)
    if _apply(settings, values, user):
        settings.save()
    return settings
