"""Signing in and out, the session's time left, setting up the authenticator, and the user's own account page
(password, authenticator, API tokens)."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login

from kernel.acting import acting

from . import mfa, sessions, tokens
from .access import source_address
from .forms import CodeForm, OwnPasswordForm, SignInForm
from .journal import Kind, Via, account_event
from .services import user_has_totp
from .signin import Outcome
from .throttles import sign_in_allowed

TOO_MANY = "Too many sign-in attempts from your network this minute. Wait a minute, then try again."


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not sign_in_allowed(source_address(request)):
            form = self.get_form()
            form.add_error(None, TOO_MANY)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        assert isinstance(form, SignInForm) and form.outcome is not None
        outcome = form.outcome
        login(self.request, form.get_user())  # a new session key: nothing chosen before sign-in carries over
        if outcome.device is not None:
            otp_login(self.request, outcome.device)
        sessions.session_start(self.request, timezone.now())
        if outcome.outcome is Outcome.ENROLL:
            setup = reverse("accounts:mfa-setup")
            return redirect(f"{setup}?{urlencode({'next': self.get_success_url()})}")
        return redirect(self.get_success_url())

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        locked = isinstance(form, SignInForm) and form.locked
        return self.render_to_response(self.get_context_data(form=form), status=403 if locked else 200)


class SignOutView(auth_views.LogoutView):
    template_name = "accounts/signed_out.html"


def time_left(request: HttpRequest) -> dict[str, object]:
    left = sessions.remaining(request, timezone.now())
    return {
        "signed_in": True,
        "seconds_left": max(0, int(left.least.total_seconds())),
        "idle_seconds_left": max(0, int(left.idle.total_seconds())),
    }


@require_GET
def session_status(request: HttpRequest) -> JsonResponse:
    """How long the session has left; asking is not activity (the middleware does not count it)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse(time_left(request))


@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """ "Stay signed in": a request like any other, so the idle time starts again (the absolute limit stays)."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse(time_left(request))


def next_page(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code or type the key, then give the first code it shows."""
    user = acting(request)
    if user_has_totp(user):
        if settings.MFA_REQUIRED and not request.user.is_verified():  # type: ignore[union-attr]  # django-otp
            # Signed in with a password alone before the authenticator was set up elsewhere: sign in again.
            logout(request)
            messages.info(request, "Your account has an authenticator now: sign in again with its code.")
            return redirect_to_login(next_page(request))
        messages.info(request, "Your account already has an authenticator. A county admin can reset it.")
        return redirect(next_page(request))
    device = mfa.device_pending(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.device_confirm(user, device, form.cleaned_data["code"], address=source_address(request)):
            request.session.cycle_key()  # a new key for the session now that it is verified
            otp_login(request, device)
            messages.success(request, "Your authenticator is set up. From now on, sign in with its code.")
            return redirect(next_page(request))
        form.add_error(
            "code", "That code is not right. Check the app shows this account, then try the code shown now."
        )
    context = {
        "form": form,
        "qr": mfa.qr_data_uri(device),
        "key": mfa.manual_key(device),
        "next": next_page(request),
        "required": settings.MFA_REQUIRED,
    }
    return render(request, "accounts/mfa_setup.html", context, status=400 if form.errors else 200)


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    context = {
        "has_authenticator": user_has_totp(user),
        "tokens": list(tokens.tokens_of(user).order_by("-created_at")),
    }
    return render(request, "accounts/my_account.html", context)


@login_required
@require_POST
def my_token_revoke(request: HttpRequest, pk: str) -> HttpResponse:
    user = acting(request)
    token = tokens.token_of(user, pk)
    tokens.token_revoke(user, token, via=Via.PAGE, address=source_address(request))
    messages.success(request, "The token is revoked: it no longer works.")
    return redirect("accounts:my-account")


@login_required
@require_POST
def my_tokens_revoke_all(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    count = tokens.tokens_revoke_all(user, via=Via.PAGE, address=source_address(request))
    messages.success(request, f"{count} token{'s' if count != 1 else ''} revoked.")
    return redirect("accounts:my-account")


class OwnPasswordView(auth_views.PasswordChangeView):
    """A new password: every other session of the user and every API token ends; this session goes on."""

    form_class = OwnPasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:my-account")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # saves, then keeps this session signed in under the new password
        user = acting(self.request)
        address = source_address(self.request)
        tokens.tokens_revoke_all(user, via=Via.PAGE, address=address)
        account_event(user, Kind.PASSWORD_CHANGED, via=Via.PAGE, address=address)
        messages.success(
            self.request, "Your password is changed. Your other sessions and API tokens have ended."
        )
        return response
