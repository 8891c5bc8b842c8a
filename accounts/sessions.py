"""How long a browser session lasts, and ending every session and token of a user at once.

A session ends after SESSION_COOKIE_AGE seconds (30 minutes) without activity, and SESSION_ABSOLUTE_LIMIT
(12 hours) after its sign-in whatever the activity. Both instants are kept in the session itself; a page's
quiet question "how long have I left?" is not activity. Each session and token keeps its user's credentials
fingerprint (`User.credentials_fingerprint`): a password change, an MFA reset or a closed account changes it,
and every session and token issued before then ends.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest

from .models import ApiToken, User

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVITY = "last_activity"

IDLE_ENDED = "You were signed out after {minutes} minutes without activity. Sign in again to go on."
LIMIT_ENDED = "You were signed out {hours} hours after signing in. Sign in again to go on."


@dataclass(frozen=True)
class Remaining:
    idle: timedelta
    absolute: timedelta

    @property
    def least(self) -> timedelta:
        return min(self.idle, self.absolute)


def idle_limit() -> timedelta:
    return timedelta(seconds=settings.SESSION_COOKIE_AGE)


def session_start(request: HttpRequest, now: datetime) -> None:
    """Stamp a session just signed in (its key has already been changed by `login`)."""
    request.session[SIGNED_IN_AT] = now.timestamp()
    request.session[LAST_ACTIVITY] = now.timestamp()


def stamps(request: HttpRequest, now: datetime) -> tuple[float, float]:
    """The session's sign-in and last-activity instants (epoch seconds); a session signed in some other way
    (before these stamps existed, or by a test's `force_login`) is stamped now."""
    session = request.session
    if SIGNED_IN_AT not in session:
        session_start(request, now)
    return float(session[SIGNED_IN_AT]), float(session.get(LAST_ACTIVITY, session[SIGNED_IN_AT]))


def remaining(request: HttpRequest, now: datetime) -> Remaining:
    signed_in, last = stamps(request, now)
    at = now.timestamp()
    return Remaining(
        idle=timedelta(seconds=last - at) + idle_limit(),
        absolute=timedelta(seconds=signed_in - at) + settings.SESSION_ABSOLUTE_LIMIT,
    )


def ended_why(request: HttpRequest, now: datetime) -> str | None:
    """Why the session is over (the message to show), or None while it lasts."""
    left = remaining(request, now)
    if left.absolute <= timedelta(0):
        return LIMIT_ENDED.format(hours=round(settings.SESSION_ABSOLUTE_LIMIT.total_seconds() / 3600))
    if left.idle <= timedelta(0):
        return IDLE_ENDED.format(minutes=round(idle_limit().total_seconds() / 60))
    return None


def activity(request: HttpRequest, now: datetime) -> None:
    request.session[LAST_ACTIVITY] = now.timestamp()


def end_all_sessions_and_tokens(user: User) -> int:
    """End every browser session of `user` (their fingerprint changes) and delete every token; returns how
    many tokens were deleted. The caller records why."""
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
