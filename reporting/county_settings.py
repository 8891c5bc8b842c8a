"""A county's clock settings (DOMAIN.md §5): the hours its county admin sets where the law leaves them to
county protocol. A clock's due time and reminder time are computed once, when it starts, so a change here
applies to clocks started afterwards; clocks already running keep their times."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import County, User
from accounts.services import county_report_contact_set, county_settings_lock, late_entry_days_set
from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.roles import require_county_admin

from .models import ClockSettings

ONLY_ITS_ADMIN = "Only the county admin of this county sets its clock settings."


@dataclass(frozen=True)
class Bound:
    low: int
    high: int
    label: str  # how the reason in history names the setting

    @property
    def message(self) -> str:
        """The refusal of a value out of bounds, alike on the page and in the service."""
        return f"Give a whole number of hours from {self.low} to {self.high}."


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


def require_admin_of(user: User, county: County) -> None:
    """A county admin (the kernel's rule), and of this county: another county's admin is refused too."""
    require_county_admin(user, ONLY_ITS_ADMIN)
    if user.county_id != county.pk:
        raise PermissionDenied(ONLY_ITS_ADMIN)


def _checked(values: dict[str, object]) -> dict[str, int]:
    """The hours given, each a whole number within its bounds; anything else is refused, naming the field."""
    errors: FieldErrors = {}
    hours: dict[str, int] = {}
    for field, value in values.items():
        bound = BOUNDS.get(field)
        if bound is None:
            add_error(errors, field, "Not a clock setting.")
        elif isinstance(value, bool) or not isinstance(value, int) or not bound.low <= value <= bound.high:
            add_error(errors, field, bound.message)
        else:
            hours[field] = value
    raise_if(errors)
    return hours


def _apply(settings: ClockSettings, hours: dict[str, int]) -> list[str]:
    """Set the hours that differ; the changes in words, for the reason in history."""
    changes = []
    for field, value in hours.items():
        before = getattr(settings, field)
        if before != value:
            changes.append(f"{BOUNDS[field].label} {before} h to {value} h")
            setattr(settings, field, value)
    return changes


@transaction.atomic
def clock_settings_set(*, user: User, county: County, **values: object) -> ClockSettings:
    """Set some or all of the county's hours; only its county admin may. Clocks already running keep their
    due and reminder times (computed when they started); the new hours apply to clocks that start later."""
    require_admin_of(user, county)
    hours = _checked(values)
    county_settings_lock(county)  # this is the row's only writer: clocks read it without writing
    settings = _locked(county)
    changes = _apply(settings, hours)
    if changes:
        # The hours were checked against their bounds above; the row has no other rule to check.
        save_with_history(settings, user, "Clock settings: " + "; ".join(changes), validate=False)
    return settings


@transaction.atomic
def county_protocol_set(
    user: User, county: County, hours: dict[str, int], late_entry_days: int, report_contact: str | None = None
) -> ClockSettings:
    """The settings page's save: the county's hours, its late-entry window and (when given) its contact for
    report packets together, or none of them."""
    late_entry_days_set(user=user, county=county, days=late_entry_days)
    if report_contact is not None:
        county_report_contact_set(user=user, county=county, contact=report_contact)
    return clock_settings_set(user=user, county=county, **hours)
