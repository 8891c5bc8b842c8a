"""At most SIGN_IN_ATTEMPTS_PER_MINUTE sign-in attempts a minute from one address, browser and token endpoint
together. The address is the trusted one (`accounts.access.source_address`), never a header a client wrote;
the count is kept in the shared cache (Redis in production), so every web process counts together."""

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from .access import source_address

WINDOW_SECONDS = 60


def seconds_to_next_window() -> int:
    return WINDOW_SECONDS - int(timezone.now().timestamp()) % WINDOW_SECONDS


def sign_in_allowed(address: str | None, now: datetime | None = None) -> bool:
    """Count one attempt from `address` in this minute; False once the minute's allowance is spent."""
    window = int((now or timezone.now()).timestamp()) // WINDOW_SECONDS
    key = f"sign-in-attempts:{address or 'unknown'}:{window}"
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=2 * WINDOW_SECONDS)
        count = 1
    return count <= settings.SIGN_IN_ATTEMPTS_PER_MINUTE


class SignInAddressThrottle(BaseThrottle):
    def allow_request(self, request: Request, view: APIView) -> bool:
        return sign_in_allowed(source_address(request._request))

    def wait(self) -> float:
        return float(seconds_to_next_window())
