"""Failed sign-ins lock an account.

Five failed sign-ins in a row to one account, the first of them less than 15 minutes before the fifth, lock it
for its county's lockout minutes (default 30) or until a county admin unlocks it. The count lives on the user's
row, so every web process and every door (browser, token endpoint) counts together, whatever address a guess
comes from. Each attempt is counted *before* its password is checked, under a row lock: two processes cannot
both take the fifth place, and an attempt beyond the fifth is refused unchecked, so no sixth guess is ever
tried. A right password and code then take the count back to zero.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import LOCKOUT_MINUTES, User


@dataclass(frozen=True)
class Attempt:
    """A sign-in attempt as counted: which failure it would be, or refused because the account is locked."""

    number: int
    refused: bool


def lock_duration(user: User) -> timedelta:
    minutes = user.county.lockout_minutes if user.county_id and user.county else LOCKOUT_MINUTES
    return timedelta(minutes=minutes)


def locked_until(user: User, now: datetime) -> datetime | None:
    """When the account's lock ends, or None when it is not locked."""
    if user.locked_at is None:
        return None
    until = user.locked_at + lock_duration(user)
    return until if until > now else None


def is_locked(user: User, now: datetime) -> bool:
    return locked_until(user, now) is not None


def minutes_left(user: User, now: datetime) -> int:
    until = locked_until(user, now)
    return 0 if until is None else max(1, math.ceil((until - now).total_seconds() / 60))


def attempt_begin(user: User, now: datetime) -> Attempt:
    """Count an attempt on `user`'s account as a failure until it proves right, in its own short transaction
    (the row lock is not held while the password is hashed)."""
    limit = settings.SIGN_IN_LOCKOUT_FAILURES
    with transaction.atomic():
        row = User.objects.select_for_update(of=("self",)).select_related("county").get(pk=user.pk)
        if is_locked(row, now):
            return Attempt(number=0, refused=True)
        failures, began = row.failed_sign_ins, row.failures_began_at
        if row.locked_at is not None or began is None or now - began >= settings.SIGN_IN_FAILURE_WINDOW:
            failures, began = 0, now  # a lock that ran out, or a run of failures too old to count
        if failures >= limit:
            # The fifth attempt is still being checked: this one would be a sixth guess.
            return Attempt(number=failures + 1, refused=True)
        User.objects.filter(pk=row.pk).update(
            failed_sign_ins=failures + 1, failures_began_at=began, locked_at=None
        )
    return Attempt(number=failures + 1, refused=False)


def attempt_succeeded(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_sign_ins=0, failures_began_at=None)


def attempt_failed(user: User, attempt: Attempt, now: datetime) -> bool:
    """After a failed attempt: lock the account when it was the fifth. True when this failure locked it."""
    if attempt.number < settings.SIGN_IN_LOCKOUT_FAILURES:
        return False
    return bool(User.objects.filter(pk=user.pk, locked_at__isnull=True).update(locked_at=now))


def lock_clear(user: User) -> None:
    """Unlock: the count starts again from zero, and the authenticator's own wait after wrong codes ends too."""
    User.objects.filter(pk=user.pk).update(failed_sign_ins=0, failures_began_at=None, locked_at=None)
    for device in TOTPDevice.objects.filter(user=user):
        device.throttle_reset()
