"""Database sessions whose rows outlive their idle end by the absolute limit: `SessionLimitsMiddleware` ends a
session at its idle or absolute limit whatever its row's date, and can then tell the person why. The cookie
itself still ends with the browser (SESSION_EXPIRE_AT_BROWSER_CLOSE)."""

from django.conf import settings
from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    def get_session_cookie_age(self) -> int:
        return settings.SESSION_COOKIE_AGE + int(settings.SESSION_ABSOLUTE_LIMIT.total_seconds())
