"""Write paths for counties, users and privileges."""

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Literal

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from kernel.errors import FieldErrors, raise_if
from kernel.history import history_note, save_with_history
from kernel.instants import check_day

from . import events
from .journal import Kind, Via, account_event
from .models import (
    MAX_LATE_ENTRY_DAYS,
    MAX_LOCKOUT_MINUTES,
    ROLE_AGENCY,
    Agency,
    ApiToken,
    County,
    Privilege,
    Role,
    User,
    UserPrivilege,
)
from .sessions import end_all_sessions_and_tokens

SecondFactorReason = Literal["otp_required", "otp_throttled", "otp_invalid"]


class AccountError(ValueError):
    """Bad input for an account operation, with a message meant for the operator."""


def county_get_or_create(name: str, acting_user: User | None = None) -> County:
    name = name.strip()
    if not name:
        raise AccountError("A county name is required.")
    county = County.objects.filter(name__iexact=name).first()
    if county is None:
        county = County.objects.create(name=name)
        events.county_created.publish(county, acting_user)
    for kind in Agency.Kind:
        default_name = f"{county.name} County {'Child Welfare Services' if kind == Agency.Kind.CHILD_WELFARE else 'Probation Department'}"
        Agency.objects.get_or_create(county=county, kind=kind, defaults={"name": default_name})
    return county


def county_settings_lock(county: County) -> None:
    """Inside a transaction, make the writers of a county's one-row settings take turns: the second waits, then
    reads what the first saved, instead of both inserting the first row. `no_key` leaves other writes that
    refer to the county (its children, clocks, access events) free to go on meanwhile."""
    County.objects.select_for_update(no_key=True).only("pk").get(pk=county.pk)


LATE_ENTRY_BOUNDS = f"Give a whole number of days from 1 to {MAX_LATE_ENTRY_DAYS}."


@transaction.atomic
def late_entry_days_set(*, user: User, county: County, days: object) -> County:
    """How far back a worker may date an entry without marking it late and saying why: the county admin's call."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied("Only the county admin of this county sets its late-entry window.")
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_LATE_ENTRY_DAYS:
        raise ValidationError({"late_entry_days": [LATE_ENTRY_BOUNDS]})
    county_settings_lock(county)
    county = County.objects.get(pk=county.pk)
    if county.late_entry_days != days:
        before, county.late_entry_days = county.late_entry_days, days
        save_with_history(county, user, f"Late-entry window {before} to {days} days")
    return county


REPORT_CONTACT_MAX = 300


@transaction.atomic
def county_report_contact_set(*, user: User, county: County, contact: str) -> County:
    """How law enforcement and NCMEC reach the county about a child, printed on every report packet: the county
    admin's to set."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied("Only the county admin of this county sets its contact.")
    contact = " ".join((contact or "").split())
    if len(contact) > REPORT_CONTACT_MAX:
        raise ValidationError({"report_contact": [f"At most {REPORT_CONTACT_MAX} characters."]})
    county_settings_lock(county)
    county = County.objects.get(pk=county.pk)
    if county.report_contact != contact:
        county.report_contact = contact
        save_with_history(county, user, "County contact for report packets changed")
    return county


LOCKOUT_BOUNDS = f"Give a whole number of minutes from 1 to {MAX_LOCKOUT_MINUTES}."


@transaction.atomic
def lockout_minutes_set(*, user: User, county: County, minutes: object) -> County:
    """How long failed sign-ins lock an account of the county (unless a county admin unlocks it sooner)."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != county.pk:
        raise PermissionDenied(
            "Only the county admin of this county sets how long a locked account stays locked."
        )
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= MAX_LOCKOUT_MINUTES:
        raise ValidationError({"lockout_minutes": [LOCKOUT_BOUNDS]})
    county_settings_lock(county)
    county = County.objects.get(pk=county.pk)
    if county.lockout_minutes != minutes:
        before, county.lockout_minutes = county.lockout_minutes, minutes
        save_with_history(county, user, f"Lockout after failed sign-ins {before} to {minutes} minutes")
    return county


def user_deactivate(*, user: User, worker: User, via: Via = Via.PAGE, address: str | None = None) -> User:
    """Close a worker's account (never deleted: their records keep naming them); the county admin's act, called
    once the worker's caseload has been handed over (`referrals.services.caseload_hand_over`). Every session
    and token of the account ends with it."""
    if user.role != Role.COUNTY_ADMIN or user.county_id != worker.county_id:
        raise PermissionDenied("Only the county admin of the worker's county closes an account.")
    if worker.pk == user.pk:
        raise ValidationError({"worker": ["You cannot close your own account."]})
    worker.is_active = False
    save_with_history(worker, user, "account closed", validate=False)
    end_all_sessions_and_tokens(worker)
    account_event(worker, Kind.CLOSED, via=via, actor=user, address=address)
    return worker


def totp_key_from_base32(secret: str) -> str:
    """The hex key django-otp stores, from the Base32 secret an authenticator app is given (RFC 4648)."""
    cleaned = secret.replace(" ", "").upper()
    cleaned += "=" * (-len(cleaned) % 8)
    try:
        raw = base64.b32decode(cleaned)
    except (binascii.Error, ValueError) as exc:
        raise AccountError("The TOTP secret is not valid Base32.") from exc
    if len(raw) < 10:
        raise AccountError("The TOTP secret must carry at least 80 bits.")
    return raw.hex()


def password_problems(password: str, user: User) -> list[str]:
    """What the password validators (AUTH_PASSWORD_VALIDATORS) find wrong with `password` for `user`: at least
    12 characters, not a common password, not all digits, not like the username, name or e-mail."""
    try:
        validate_password(password, user)
    except ValidationError as refusal:
        return list(refusal.messages)
    return []


def check_new_account(username: str, role: str, privileges: list[str]) -> None:
    """The role and privileges are known, and the username is free (whatever its case)."""
    if role not in Role.values:
        raise AccountError(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    unknown = sorted(set(privileges) - set(Privilege.values))
    if unknown:
        raise AccountError(f"Unknown privilege {', '.join(unknown)}; known: {', '.join(Privilege.values)}.")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountError(f"A user named {username!r} already exists.")


def supervisor_in(county: County, supervisor_username: str | None, username: str) -> User | None:
    """The named supervisor, who must belong to the new user's county; None when none is named."""
    if not supervisor_username:
        return None
    supervisor = User.objects.filter(username__iexact=supervisor_username, county=county).first()
    if supervisor is None:
        raise AccountError(f"No user {supervisor_username!r} in {county.name} to supervise {username!r}.")
    return supervisor


def privileges_grant(user: User, privileges: list[str], acting_user: User | None) -> None:
    for code in sorted(set(privileges)):
        UserPrivilege.objects.create(user=user, code=code, granted_by=acting_user)


def totp_enroll(user: User, key: str) -> None:
    """A confirmed authenticator of 6 digits every 30 seconds, from its hex key."""
    TOTPDevice.objects.create(user=user, name="authenticator", key=key, digits=6, step=30, confirmed=True)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    county_name: str,
    role: str,
    supervisor_username: str | None = None,
    privileges: list[str] | None = None,
    totp_secret: str | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    acting_user: User | None = None,
) -> User:
    check_new_account(username, role, privileges or [])
    county = county_get_or_create(county_name, acting_user)
    supervisor = supervisor_in(county, supervisor_username, username)
    key = totp_key_from_base32(totp_secret) if totp_secret else None
    agency = Agency.objects.get(county=county, kind=ROLE_AGENCY[Role(role)])
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        county=county,
        agency=agency,
        supervisor=supervisor,
    )
    problems = password_problems(password, user)
    if problems:
        raise AccountError(f"The password is refused: {' '.join(problems)}")
    user.set_password(password)
    history_note(user, acting_user, "account created")
    user.save()
    privileges_grant(user, privileges or [], acting_user)
    if key:
        totp_enroll(user, key)
    return user


def user_has_totp(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def totp_verify_device(device: TOTPDevice, code: str) -> bool:
    """Whether `device` accepts `code`. django-otp refuses a code once used (replay) and, after a wrong code,
    any code for a doubling wait."""
    code = (code or "").strip().replace(" ", "")
    return code.isdigit() and bool(device.verify_token(code))


def totp_verify(user: User, code: str) -> TOTPDevice | None:
    """The confirmed device of `user` that accepts `code`, or None."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if totp_verify_device(device, code):
            return device
    return None


def totp_throttled(user: User) -> bool:
    return any(not d.verify_is_allowed()[0] for d in TOTPDevice.objects.filter(user=user, confirmed=True))


class SecondFactorRefused(Exception):
    """An account with an authenticator is not let in; `reason` says why."""

    def __init__(self, reason: SecondFactorReason) -> None:
        super().__init__(reason)
        self.reason: SecondFactorReason = reason


def second_factor_check(user: User, code: str) -> TOTPDevice | None:
    """For an account with an authenticator, the device that accepts `code`; None for an account without one.
    Refused when no code is given, after too many wrong codes (django-otp's wait), or for a wrong code."""
    if not user_has_totp(user):
        return None
    if not code:
        raise SecondFactorRefused("otp_required")
    if totp_throttled(user):
        raise SecondFactorRefused("otp_throttled")
    device = totp_verify(user, code)
    if device is None:
        raise SecondFactorRefused("otp_invalid")
    return device


# Nothing was recorded before the product existed, and no day after tomorrow has happened anywhere yet.
AUDIT_EARLIEST = date(2000, 1, 1)


def audit_window_check(since: date, until: date) -> None:
    """An audit export covers whole days, `since` to `until`, at most five years of them, none in the future."""
    latest = timezone.now().date() + timedelta(days=1)  # tomorrow in UTC is today somewhere in the counties
    errors: FieldErrors = {}
    check_day(
        errors, "since", since, latest, after=(AUDIT_EARLIEST, f"Not before {AUDIT_EARLIEST:%Y-%m-%d}.")
    )
    check_day(
        errors, "until", until, latest, after=(AUDIT_EARLIEST, f"Not before {AUDIT_EARLIEST:%Y-%m-%d}.")
    )
    raise_if(errors)
    if until < since:
        raise ValidationError({"until": ["Must be on or after since."]})
    if (until - since).days > 366 * 5:
        raise ValidationError({"until": ["At most five years in one export."]})


def token_issue(user: User, now: datetime, address: str | None = None) -> tuple[str, datetime]:
    """A new token for a user who has just proved who they are: a sign-in, so it counts as the account's use."""
    token, key = ApiToken.issue(user, now, address)
    User.objects.filter(pk=user.pk).update(last_login=now)
    return key, token.expires_at
