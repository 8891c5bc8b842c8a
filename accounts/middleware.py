from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from . import sessions
from .access import source_address
from .journal import Kind, Via, account_event


class CountyTimezoneMiddleware:
    """Show times in the signed-in user's county zone; storage stays UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        county = getattr(user, "county", None) if user is not None and user.is_authenticated else None
        if county is not None:
            timezone.activate(county.zone)
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class NoStoreMiddleware:
    """Pages and answers about children must not linger in browser or proxy caches."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/") and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response


class SessionLimitsMiddleware:
    """End a browser session after its idle time or its absolute limit (see `accounts.sessions`), with a
    message on the sign-in page saying why; every other request of a signed-in session is activity, except
    the page's quiet question of how long is left."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now()
            why = sessions.ended_why(request, now)
            if why is not None:
                ended = user
                logout(request)
                account_event(ended, Kind.SESSION_EXPIRED, via=Via.PAGE, address=source_address(request))
                messages.warning(request, why)
            elif request.path_info != reverse("accounts:session-status"):
                sessions.activity(request, now)
        return self.get_response(request)


class MfaRequiredMiddleware:
    """With MFA_REQUIRED, a session signed in with a password alone (an account without an authenticator yet)
    reaches only the authenticator set-up and signing out: pages send it there, the API refuses it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path_info not in open_before_mfa()
        ):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": MFA_FIRST}, status=403)
            setup = reverse("accounts:mfa-setup")
            return redirect(f"{setup}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


MFA_FIRST = "Set up your authenticator app first: sign in in a browser, which takes you to it."


def open_before_mfa() -> frozenset[str]:
    return frozenset(
        reverse(name)
        for name in (
            "accounts:mfa-setup",
            "accounts:sign-out",
            "accounts:session-status",
            "accounts:keep-alive",
        )
    )
