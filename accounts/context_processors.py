from django.conf import settings
from django.http import HttpRequest

from kernel.display import zone_label


def county(request: HttpRequest) -> dict[str, object]:
    """The signed-in user's county, and the name of its zone, which every page's times are shown in."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.county_id is None:
        return {"county": None, "county_zone_label": ""}
    return {"county": user.county, "county_zone_label": zone_label(user.county.time_zone)}


def session_limits(request: HttpRequest) -> dict[str, object]:
    """What the idle-session warning needs to know (see static/js/session-timeout.js)."""
    return {
        "session_idle_seconds": settings.SESSION_COOKIE_AGE,
        "session_warning_seconds": settings.SESSION_IDLE_WARNING_SECONDS,
    }
