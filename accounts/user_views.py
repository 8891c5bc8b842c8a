"""The county admin's pages for the county's accounts: thin adapters over `accounts.county_users`."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kernel.acting import acting
from kernel.forms import run_service
from kernel.roles import CASE_CARRYING_ROLES, Role, require_county_admin

from . import county_users, lockout
from .access import source_address
from .forms import CountyUserCreateForm, CountyUserFields, LockoutMinutesForm
from .models import AccountEvent, User
from .selectors import county_accounts, scoped_get
from .services import lockout_minutes_set


def county_admin(request: HttpRequest) -> User:
    user = acting(request)
    require_county_admin(user, county_users.ONLY_THE_COUNTY_ADMIN)
    return user


def supervisors_of(user: User) -> QuerySet[User]:
    return (
        county_accounts(user).filter(role=Role.SUPERVISOR, is_active=True).order_by("last_name", "first_name")
    )


def users_page(request: HttpRequest, admin: User, lockout_form: LockoutMinutesForm) -> HttpResponse:
    now = timezone.now()
    accounts = list(county_accounts(admin).order_by("-is_active", "last_name", "first_name", "username"))
    for account in accounts:
        account.locked = lockout.is_locked(account, now)  # type: ignore[attr-defined]  # shown on the page
    context = {"accounts": accounts, "lockout_form": lockout_form}
    return render(request, "accounts/users.html", context, status=400 if lockout_form.errors else 200)


@login_required
def users(request: HttpRequest) -> HttpResponse:
    admin = county_admin(request)
    form = LockoutMinutesForm(initial={"lockout_minutes": admin.home_county.lockout_minutes})
    return users_page(request, admin, form)


@login_required
@require_POST
def lockout_minutes(request: HttpRequest) -> HttpResponse:
    admin = county_admin(request)
    form = LockoutMinutesForm(request.POST)
    if form.is_valid():
        minutes = form.cleaned_data["lockout_minutes"]
        if run_service(
            form, lambda: lockout_minutes_set(user=admin, county=admin.home_county, minutes=minutes)
        ):
            messages.success(
                request, f"A locked account now stays locked {minutes} minutes, unless you unlock it."
            )
            return redirect("accounts:users")
    return users_page(request, admin, form)


@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    admin = county_admin(request)
    form = CountyUserCreateForm(request.POST or None, supervisors=supervisors_of(admin))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new = county_users.NewAccount(
            username=data["username"],
            password=data["password"],
            role=data["role"],
            supervisor=data["supervisor"],
            privileges=data["privileges"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
        )
        account = run_service(
            form, lambda: county_users.county_user_add(user=admin, new=new, address=source_address(request))
        )
        if account is not None:
            messages.success(
                request, f"The account of {account} is open. Give them their first password in person."
            )
            return redirect("accounts:user", pk=account.pk)
    return render(request, "accounts/user_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def user_edit(request: HttpRequest, pk: str) -> HttpResponse:
    admin = county_admin(request)
    account = scoped_get(county_accounts(admin), admin, pk=pk)
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "role": account.role,
        "supervisor": account.supervisor,
        "privileges": account.privilege_codes,
    }
    form = CountyUserFields(
        request.POST or None, initial=initial, supervisors=supervisors_of(admin).exclude(pk=account.pk)
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in county_users.CHANGEABLE}
        saved = run_service(
            form,
            lambda: county_users.county_user_update(
                user=admin, target=account, changes=changes, address=source_address(request)
            ),
        )
        if saved is not None:
            messages.success(request, f"The account of {saved} is saved.")
            return redirect("accounts:user", pk=account.pk)
    context = {
        "account": account,
        "form": form,
        "locked": lockout.is_locked(account, timezone.now()),
        "carries_cases": account.role in CASE_CARRYING_ROLES,
        "events": AccountEvent.objects.filter(user=account).select_related("actor").order_by("-at")[:20],
    }
    return render(request, "accounts/user_edit.html", context, status=400 if form.errors else 200)


def account_action(
    request: HttpRequest, pk: str, act: Callable[[User, User, str | None], object], done: str
) -> HttpResponse:
    admin = county_admin(request)
    account = scoped_get(User.objects.all(), admin, pk=pk)
    try:
        act(admin, account, source_address(request))
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, done.format(account=account))
    return redirect("accounts:user", pk=account.pk)


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: str) -> HttpResponse:
    return account_action(
        request,
        pk,
        lambda admin, account, address: county_users.county_user_unlock(
            user=admin, target=account, address=address
        ),
        "{account} can sign in again.",
    )


@login_required
@require_POST
def user_mfa_reset(request: HttpRequest, pk: str) -> HttpResponse:
    return account_action(
        request,
        pk,
        lambda admin, account, address: county_users.county_user_mfa_reset(
            user=admin, target=account, address=address
        ),
        "The authenticator of {account} is reset: they set up a new one at their next sign-in. Their sessions "
        "and API tokens have ended.",
    )


@login_required
@require_POST
def user_close(request: HttpRequest, pk: str) -> HttpResponse:
    return account_action(
        request,
        pk,
        lambda admin, account, address: county_users.county_user_close(
            user=admin, target=account, address=address
        ),
        "The account of {account} is closed. Its sessions and API tokens have ended.",
    )


@login_required
@require_POST
def user_reopen(request: HttpRequest, pk: str) -> HttpResponse:
    return account_action(
        request,
        pk,
        lambda admin, account, address: county_users.county_user_reopen(
            user=admin, target=account, address=address
        ),
        "The account of {account} is open again.",
    )
