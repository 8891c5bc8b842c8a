"""How a day, an instant and a county's zone read where a person reads them (pages, messages, e-mail): one
format for days and one for instants, set once in the format module (settings.FORMAT_MODULE_PATH)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.formats import date_format

# The zones of US counties by the name people say; any other zone reads as its IANA name.
ZONE_LABELS = {
    "America/Los_Angeles": "Pacific Time",
    "America/Denver": "Mountain Time",
    "America/Boise": "Mountain Time",
    "America/Phoenix": "Mountain Time (Arizona)",
    "America/Chicago": "Central Time",
    "America/New_York": "Eastern Time",
    "America/Detroit": "Eastern Time",
    "America/Anchorage": "Alaska Time",
    "Pacific/Honolulu": "Hawaii Time",
}


def zone_label(zone: ZoneInfo | str) -> str:
    """'Pacific Time' for America/Los_Angeles: how a page names the zone its times are in."""
    name = zone if isinstance(zone, str) else zone.key
    return ZONE_LABELS.get(name, name.replace("_", " "))


def day_text(day: date) -> str:
    """A calendar day as pages show it (the template filter `date:"DATE_FORMAT"`)."""
    return date_format(day, "DATE_FORMAT")


def instant_text(instant: datetime, zone: ZoneInfo | None = None) -> str:
    """An instant as pages show it (`date:"DATETIME_FORMAT"`), in `zone` or else the active (county's) zone."""
    return date_format(timezone.localtime(instant, zone), "DATETIME_FORMAT")
