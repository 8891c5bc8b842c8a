"""Signing in, the same for the browser and the token endpoint: the password and the authenticator code are
checked together, and every failure answers alike, so neither can be confirmed alone; guesses are counted per
account (`accounts.lockout`)."""

import enum
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import lockout
from .journal import Kind, Via, account_event
from .models import User
from .services import SecondFactorRefused, second_factor_check

FAILED_MESSAGE = "The username or password is not right, or the authenticator code is missing or wrong."
ENROLL_DETAIL = "password right; an authenticator must be set up"


class Outcome(enum.Enum):
    SIGNED_IN = "signed_in"
    # The password is right, the account has no authenticator yet and one is required: set it up first.
    ENROLL = "enroll"
    FAILED = "failed"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignIn:
    outcome: Outcome
    user: User | None = None
    device: TOTPDevice | None = None
    message: str = ""


def locked_message(user: User) -> str:
    """The one answer that says more than "failed": the account is locked, and who can unlock it."""
    county = f"{user.county.name} County" if user.county else "the platform"
    minutes = lockout.minutes_left(user, timezone.now()) or settings.SIGN_IN_FAILURE_WINDOW.seconds // 60
    return (
        f"This account is locked after {settings.SIGN_IN_LOCKOUT_FAILURES} failed sign-ins. A county admin of "
        f"{county} can unlock it now; otherwise try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )


def credentials_right(user: User, password: str, code: str) -> tuple[bool, TOTPDevice | None]:
    """The password and, for an account with an authenticator, its code: right together, or not."""
    if not (user.check_password(password) and user.is_active):
        return False, None
    try:
        return True, second_factor_check(user, code)
    except SecondFactorRefused:
        return False, None


def sign_in_check(username: str, password: str, code: str, *, via: Via, address: str | None) -> SignIn:
    """Whether `username` may sign in with `password` and `code`. Every failure is the same FAILED, whatever
    was wrong; only a locked account answers LOCKED, and then nothing is checked."""
    user = User.objects.select_related("county").filter(username=username).first()
    if user is None:
        User().set_password(password)  # the same hashing time as for a real account
        return SignIn(Outcome.FAILED, message=FAILED_MESSAGE)
    now = timezone.now()
    attempt = lockout.attempt_begin(user, now)
    if attempt.refused:
        user.refresh_from_db(fields=["locked_at", "failed_sign_ins"])
        account_event(user, Kind.SIGN_IN_REFUSED_LOCKED, via=via, address=address)
        return SignIn(Outcome.LOCKED, user=user, message=locked_message(user))
    right, device = credentials_right(user, password, code)
    if not right:
        account_event(user, Kind.SIGN_IN_FAILED, via=via, address=address, detail=f"failure {attempt.number}")
        if lockout.attempt_failed(user, attempt, now):
            account_event(user, Kind.LOCKED, via=via, address=address)
        return SignIn(Outcome.FAILED, message=FAILED_MESSAGE)
    lockout.attempt_succeeded(user)
    if device is None and settings.MFA_REQUIRED:
        account_event(user, Kind.SIGNED_IN, via=via, address=address, detail=ENROLL_DETAIL)
        return SignIn(Outcome.ENROLL, user=user)
    account_event(user, Kind.SIGNED_IN, via=via, address=address, detail="with a code" if device else "")
    return SignIn(Outcome.SIGNED_IN, user=user, device=device)
