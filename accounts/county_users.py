"""The county admin's work on the accounts of their county: create them, change their role, supervisor and
privileges, close and open them again, unlock them and reset their authenticator. Each act is the county
admin's alone, for their own county only, and leaves history and an entry in the account journal.

A worker who may carry cases (social worker, probation officer, supervisor) is closed from the Workers page,
which hands their caseload to a colleague first (`referrals.services.caseload_hand_over`); here only the
accounts that carry no cases are closed."""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from kernel.errors import REQUIRED, FieldErrors, add_error, raise_if
from kernel.history import history_note, save_with_history
from kernel.roles import CASE_CARRYING_ROLES, Role, require_county_admin

from . import lockout
from .journal import Kind, Via, account_event
from .mfa import devices_remove
from .models import ROLE_AGENCY, Agency, Privilege, User, UserPrivilege
from .services import password_problems, user_deactivate
from .sessions import end_all_sessions_and_tokens

ONLY_THE_COUNTY_ADMIN = "Only a county admin manages the accounts of their county."
CLOSE_FROM_WORKERS_PAGE = (
    "A {role} may carry cases: close the account from the Workers page, which first hands their caseload to "
    "a colleague."
)
NOT_A_SUPERVISOR = "Choose an open supervisor account of your county."
CHANGEABLE = frozenset({"first_name", "last_name", "email", "role", "supervisor", "privileges"})


@dataclass(frozen=True)
class NewAccount:
    username: str
    password: str
    role: str
    supervisor: User | None = None
    privileges: Collection[str] = ()
    first_name: str = ""
    last_name: str = ""
    email: str = ""


def require_admin_of(user: User, target: User | None = None) -> None:
    require_county_admin(user, ONLY_THE_COUNTY_ADMIN)
    if target is not None and target.county_id != user.county_id:
        raise PermissionDenied(ONLY_THE_COUNTY_ADMIN)


def check_supervisor(
    errors: FieldErrors, admin: User, role: str, supervisor: User | None, target: User | None
) -> None:
    if supervisor is None:
        return
    if role == Role.COUNTY_ADMIN:
        add_error(errors, "supervisor", "A county admin has no supervisor.")
    elif (
        supervisor.county_id != admin.county_id
        or not supervisor.is_active
        or supervisor.role != Role.SUPERVISOR
        or (target is not None and supervisor.pk == target.pk)
    ):
        add_error(errors, "supervisor", NOT_A_SUPERVISOR)


def check_privileges(errors: FieldErrors, privileges: Collection[str]) -> None:
    unknown = sorted(set(privileges) - set(Privilege.values))
    if unknown:
        add_error(
            errors,
            "privileges",
            f"Unknown privilege {', '.join(unknown)}; known: {', '.join(Privilege.values)}.",
        )


def agency_for(admin: User, role: str) -> Agency:
    return Agency.objects.get(county_id=admin.home_county_id, kind=ROLE_AGENCY[Role(role)])


def privileges_set(target: User, wanted: Collection[str], admin: User) -> list[str]:
    """Grant and withdraw privileges so `target` holds exactly `wanted`; each grant and withdrawal has its
    history row naming the county admin. Returns what changed, e.g. ["+closed_case_update"]."""
    held = {grant.code: grant for grant in target.privileges.all()}
    changed = []
    for code in sorted(set(wanted) - set(held)):
        grant = UserPrivilege(user=target, code=code, granted_by=admin)
        history_note(grant, admin, "privilege granted")
        grant.save()
        changed.append(f"+{code}")
    for code in sorted(set(held) - set(wanted)):
        history_note(held[code], admin, "privilege withdrawn")
        held[code].delete()
        changed.append(f"-{code}")
    return changed


@transaction.atomic
def county_user_add(*, user: User, new: NewAccount, address: str | None = None, via: Via = Via.PAGE) -> User:
    """Open an account in the county admin's county. The password passes the validators; the new user sets up
    an authenticator at their first sign-in when one is required."""
    require_admin_of(user)
    errors: FieldErrors = {}
    username = new.username.strip()
    if not username:
        add_error(errors, "username", REQUIRED)
    elif User.objects.filter(username__iexact=username).exists():
        add_error(errors, "username", "This username is taken.")
    if new.role not in Role.values:
        add_error(errors, "role", f"{new.role!r} is not one of: {', '.join(Role.values)}.")
    check_supervisor(errors, user, new.role, new.supervisor, None)
    check_privileges(errors, new.privileges)
    account = User(
        username=username,
        first_name=new.first_name.strip(),
        last_name=new.last_name.strip(),
        email=new.email.strip(),
        role=new.role,
        county_id=user.county_id,
        supervisor=new.supervisor,
    )
    if "role" not in errors:
        account.agency = agency_for(user, new.role)
    try:
        account.full_clean(exclude=["password", *errors])
    except ValidationError as refusal:
        for field, messages in refusal.message_dict.items():
            for message in messages:
                add_error(errors, field, message)
    for problem in password_problems(new.password, account):
        add_error(errors, "password", problem)
    raise_if(errors)
    account.set_password(new.password)
    history_note(account, user, "account created")
    account.save()
    privileges_set(account, new.privileges, user)
    account_event(account, Kind.CREATED, via=via, actor=user, address=address, detail=f"role {account.role}")
    return account


def role_change_problem(admin: User, target: User, role: str) -> str | None:
    if role not in Role.values:
        return f"{role!r} is not one of: {', '.join(Role.values)}."
    if role == target.role:
        return None
    if target.pk == admin.pk:
        return "You cannot change your own role."
    if target.role in CASE_CARRYING_ROLES and role not in CASE_CARRYING_ROLES:
        return (
            "A worker who may carry cases does not become a county admin: close this account from the Workers "
            "page, which hands their caseload over, and open a county admin account."
        )
    if target.role == Role.SUPERVISOR and target.supervisees.filter(is_active=True).exists():
        return "This supervisor has a unit: give its workers another supervisor first."
    return None


@transaction.atomic
def county_user_update(
    *, user: User, target: User, changes: dict[str, Any], address: str | None = None, via: Via = Via.PAGE
) -> User:
    """Change the names, e-mail, role, supervisor or privileges of an account of the county."""
    require_admin_of(user, target)
    unknown = sorted(set(changes) - CHANGEABLE)
    if unknown:
        raise ValidationError({name: ["This field cannot be changed here."] for name in unknown})
    target = User.objects.select_for_update(of=("self",)).get(pk=target.pk)
    errors: FieldErrors = {}
    role = changes.get("role", target.role)
    problem = role_change_problem(user, target, role)
    if problem:
        add_error(errors, "role", problem)
    supervisor = changes.get("supervisor", target.supervisor if role != Role.COUNTY_ADMIN else None)
    if "supervisor" in changes or role != target.role:
        check_supervisor(errors, user, role, supervisor, target)
    if "privileges" in changes:
        check_privileges(errors, changes["privileges"])
    raise_if(errors)
    said = []
    for field in ("first_name", "last_name", "email"):
        if field in changes and getattr(target, field) != changes[field].strip():
            setattr(target, field, changes[field].strip())
            said.append(field.replace("_", " "))
    if role != target.role:
        said.append(f"role {target.role} to {role}")
        target.role, target.agency = role, agency_for(user, role)
    if supervisor != target.supervisor:
        said.append(f"supervisor {target.supervisor or 'none'} to {supervisor or 'none'}")
        target.supervisor = supervisor
    if said:
        save_with_history(target, user, f"account changed: {'; '.join(said)}")
    if "privileges" in changes:
        said.extend(f"privilege {change}" for change in privileges_set(target, changes["privileges"], user))
    if said:
        account_event(target, Kind.CHANGED, via=via, actor=user, address=address, detail="; ".join(said))
    return target


def county_user_close(*, user: User, target: User, address: str | None = None, via: Via = Via.PAGE) -> User:
    """Close an account that carries no cases (a county admin's); a worker's goes through the caseload
    hand-over on the Workers page."""
    require_admin_of(user, target)
    if target.role in CASE_CARRYING_ROLES:
        raise ValidationError(
            {"is_active": [CLOSE_FROM_WORKERS_PAGE.format(role=target.get_role_display().lower())]}
        )
    if not target.is_active:
        return target
    return user_deactivate(user=user, worker=target, via=via, address=address)


@transaction.atomic
def county_user_reopen(*, user: User, target: User, address: str | None = None, via: Via = Via.PAGE) -> User:
    """Open a closed account again: its owner signs in with their password (and sets up an authenticator if
    theirs was reset); the 90 days without use count again from now."""
    require_admin_of(user, target)
    if target.is_active:
        return target
    target.is_active = True
    target.reactivated_at = timezone.now()
    save_with_history(target, user, "account opened again", validate=False)
    lockout.lock_clear(target)
    account_event(target, Kind.REOPENED, via=via, actor=user, address=address)
    return target


@transaction.atomic
def county_user_unlock(*, user: User, target: User, address: str | None = None, via: Via = Via.PAGE) -> User:
    require_admin_of(user, target)
    lockout.lock_clear(target)
    account_event(target, Kind.UNLOCKED, via=via, actor=user, address=address)
    target.refresh_from_db()
    return target


@transaction.atomic
def county_user_mfa_reset(
    *, user: User, target: User, address: str | None = None, via: Via = Via.PAGE
) -> User:
    """Remove the account's authenticators (a lost phone): every session and token of the account ends, and its
    owner sets up a new authenticator at the next sign-in."""
    require_admin_of(user, target)
    removed = devices_remove(target)
    end_all_sessions_and_tokens(target)
    lockout.lock_clear(target)
    account_event(
        target, Kind.MFA_RESET, via=via, actor=user, address=address, detail=f"{removed} authenticator(s)"
    )
    return target


def unused_accounts(now: datetime) -> QuerySet[User]:
    """Open county accounts whose last sign-in (or opening, when later) is older than ACCOUNT_UNUSED_DAYS."""
    cutoff = now - timedelta(days=settings.ACCOUNT_UNUSED_DAYS)
    last_use = Greatest(
        Coalesce("last_login", "date_joined"), Coalesce("reactivated_at", "last_login", "date_joined")
    )
    return (
        User.objects.filter(is_active=True, county__isnull=False)
        .alias(last_use=last_use)
        .filter(Q(last_use__lt=cutoff))
    )


def unused_accounts_close(now: datetime) -> int:
    """Close every account unused for ACCOUNT_UNUSED_DAYS, one at a time under its row lock (a sign-in at the
    same moment wins); each closing is in the account's history and journal."""
    closed = 0
    for pk in unused_accounts(now).values_list("pk", flat=True):
        with transaction.atomic():
            account = unused_accounts(now).select_for_update(of=("self",)).filter(pk=pk).first()
            if account is None:
                continue
            account.is_active = False
            save_with_history(
                account, None, f"closed after {settings.ACCOUNT_UNUSED_DAYS} days unused", validate=False
            )
            end_all_sessions_and_tokens(account)
            account_event(account, Kind.DISABLED_UNUSED, via=Via.SYSTEM, at=now)
            closed += 1
    return closed
