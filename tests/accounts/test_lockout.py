"""Failed sign-ins lock an account: five in a row within 15 minutes, counted per account in the database whatever
the address and whatever the server process, at the browser and the token endpoint alike; a county admin
unlocks it, or it unlocks itself after the county's lockout minutes. Every failure answers alike."""

from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.access import source_address
from accounts.models import AccountEvent, County, User

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token/"
SIGN_IN = "/accounts/sign-in/"
WRONG = "not-the-password-at-all"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def token_for(client, username="sw_a", password=PASSWORD, forwarded=None, **extra):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return client.post(TOKEN, {"username": username, "password": password, **extra}, format="json", **headers)


def browser_sign_in(client, username="sw_a", password=PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def test_the_fifth_failure_locks_the_account_not_the_fourth_whatever_the_address(cast, api):
    client = api()
    for n in range(4):
        assert token_for(client, password=WRONG, forwarded=f"198.51.100.{n}").status_code == 400
    assert token_for(client, forwarded="203.0.113.9").status_code == 200  # four failures: not locked
    for n in range(4):
        assert token_for(client, password=WRONG, forwarded=f"198.51.100.{n}").status_code == 400
    fifth = token_for(client, password=WRONG, forwarded="198.51.100.77")
    assert fifth.status_code == 400  # the fifth failure answers as every failure does...
    locked = token_for(client, forwarded="203.0.113.9")  # ...and now even the right password is refused
    assert locked.status_code == 403
    assert "locked" in locked.json()["detail"]
    assert "county admin of Alameda County" in locked.json()["detail"]
    assert User.objects.get(pk=cast.sw.pk).locked_at is not None


def test_browser_guessing_is_limited_too(cast, client):
    """Sixty wrong passwords and then the right one used to sign in."""
    for _ in range(5):
        assert browser_sign_in(client, password=WRONG).status_code == 200
    refused = browser_sign_in(client)
    assert refused.status_code == 403
    assert "This account is locked" in refused.content.decode()
    assert not signed_in(client)


def test_the_browser_and_the_token_endpoint_count_together(cast, client, api):
    for _ in range(3):
        browser_sign_in(client, password=WRONG)
    for _ in range(2):
        token_for(api(), password=WRONG)
    assert token_for(api()).status_code == 403
    assert browser_sign_in(client).status_code == 403


def test_unlock_by_the_county_admin_restores_access_and_is_audited(cast, api, client):
    for _ in range(5):
        token_for(api(), password=WRONG)
    assert token_for(api()).status_code == 403
    unlocked = api(cast.admin).post(f"/api/v1/users/{cast.sw.pk}/unlock/")
    assert unlocked.status_code == 200 and unlocked.json()["locked"] is False
    assert token_for(api()).status_code == 200
    kinds = list(AccountEvent.objects.filter(user=cast.sw).order_by("at").values_list("kind", "actor"))
    assert ("locked", None) in kinds and ("unlocked", cast.admin.pk) in kinds
    assert browser_sign_in(client).status_code == 302


def test_a_lock_ends_by_itself_after_the_countys_minutes(cast, api):
    for _ in range(5):
        token_for(api(), password=WRONG)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert token_for(api()).status_code == 403
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert token_for(api()).status_code == 200


def test_the_county_sets_how_long_a_lock_lasts(cast, api):
    assert api(cast.admin).patch(
        "/api/v1/county-settings/", {"lockout_minutes": 10}, format="json"
    ).json() == {
        "late_entry_days": 30,
        "lockout_minutes": 10,
    }
    for _ in range(5):
        token_for(api(), password=WRONG)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=9), tick=False):
        assert token_for(api()).status_code == 403
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        assert token_for(api()).status_code == 200
    assert County.objects.get(name="Alameda").history.latest().history_change_reason == (
        "Lockout after failed sign-ins 30 to 10 minutes"
    )


def test_failures_more_than_15_minutes_apart_start_a_new_count(cast, api):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(4):
            token_for(api(), password=WRONG)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        for _ in range(4):
            assert token_for(api(), password=WRONG).status_code == 400
        assert token_for(api()).status_code == 200


def test_a_right_sign_in_starts_the_count_again(cast, api):
    for _ in range(4):
        token_for(api(), password=WRONG)
    assert token_for(api()).status_code == 200
    for _ in range(4):
        token_for(api(), password=WRONG)
    assert token_for(api()).status_code == 200


@pytest.fixture
def mfa_user(db):
    call_command(
        "create_user",
        username="mfa",
        password=PASSWORD,
        county="Alameda",
        role="social_worker",
        totp_secret=SECRET,
    )
    return User.objects.get(username="mfa")


def wrong_code() -> str:
    return str((int(pyotp.TOTP(SECRET).now()) + 1) % 1_000_000).zfill(6)


def test_every_token_failure_answers_alike_with_or_without_a_code_owed(cast, mfa_user, api):
    """A right password used to answer "needs a code" and a wrong one "unable to sign in"."""
    attempts = [
        {"username": "mfa"},  # right password, no code
        {"username": "mfa", "otp": wrong_code()},  # right password, wrong code
        {"username": "mfa", "password": WRONG},  # wrong password, no code
        {"username": "mfa", "password": WRONG, "otp": pyotp.TOTP(SECRET).now()},  # wrong password, right code
        {"username": "sw_a", "password": WRONG},  # an account without an authenticator
        {"username": "nobody-at-all"},  # no such account
    ]
    answers = {(r.status_code, r.content) for r in (token_for(api(), **a) for a in attempts)}
    assert answers == {
        (400, b'{"non_field_errors":["Unable to sign in with the username, password and code given."]}')
    }


def test_every_browser_failure_answers_alike(cast, mfa_user, client):
    attempts = [
        {"username": "mfa"},
        {"username": "mfa", "otp": wrong_code()},
        {"username": "mfa", "password": WRONG},
        {"username": "sw_a", "password": WRONG},
        {"username": "nobody-at-all"},
    ]
    answers = set()
    for attempt in attempts:
        page = browser_sign_in(client, **attempt)
        answers.add((page.status_code, tuple(page.context["form"].non_field_errors())))
    assert answers == {
        (200, ("The username or password is not right, or the authenticator code is missing or wrong.",))
    }


def test_a_locked_account_refuses_the_right_password_and_code(cast, mfa_user, api):
    for _ in range(5):
        token_for(api(), username="mfa", password=WRONG)
    with time_machine.travel(timezone.now() + timedelta(seconds=40), tick=False):
        refused = token_for(api(), username="mfa", otp=pyotp.TOTP(SECRET).now())
    assert refused.status_code == 403 and "locked" in refused.json()["detail"]


def test_failures_and_refusals_are_in_the_account_journal_with_the_address(cast, api):
    for _ in range(5):
        token_for(api(), password=WRONG, forwarded="198.51.100.1")
    token_for(api())
    kinds = list(AccountEvent.objects.filter(user=cast.sw).order_by("at").values_list("kind", flat=True))
    assert kinds == ["sign_in_failed"] * 5 + ["locked", "sign_in_refused_locked"]
    event = AccountEvent.objects.filter(kind="sign_in_failed").first()
    assert event.source_address == "127.0.0.1"  # the address the server saw, not the header a client wrote
    assert event.county == cast.sw.county and event.via == "api"
    history = event.history.get()
    assert history.history_user is None and history.history_change_reason == "Sign-in failed"


def test_rotating_x_forwarded_for_does_not_escape_the_address_limit(db, api):
    """The token endpoint's 30-a-minute limit used to be keyed on the header a client sends."""
    with time_machine.travel(timezone.now(), tick=False):
        answers = [
            token_for(api(), username=f"nobody{n}", forwarded=f"198.51.100.{n}").status_code
            for n in range(31)
        ]
        assert answers == [400] * 30 + [429]
        assert browser_sign_in(Client(), username="nobody").status_code == 429  # the browser shares the limit


def test_behind_a_trusted_proxy_the_address_is_the_one_it_saw(cast, api, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(timezone.now(), tick=False):
        for n in range(30):  # a client writing its own entries to the left changes nothing
            token_for(api(), username=f"nobody{n}", forwarded=f"10.0.0.{n}, 203.0.113.5")
        assert token_for(api(), username="nobody", forwarded="10.0.0.99, 203.0.113.5").status_code == 429
        assert token_for(api(), password=WRONG, forwarded="10.0.0.1, 203.0.113.6").status_code == 400
    assert AccountEvent.objects.get(kind="sign_in_failed").source_address == "203.0.113.6"


@pytest.mark.parametrize(
    ("hops", "forwarded", "address"),
    [
        (0, "203.0.113.5", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "not-an-address", "127.0.0.1"),
        (2, "198.51.100.7, 203.0.113.5", "198.51.100.7"),
        (2, "203.0.113.5", "127.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_trusted_address(rf, settings, hops, forwarded, address):
    settings.TRUSTED_PROXY_COUNT = hops
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert source_address(request) == address


def test_locks_and_unlocks_are_in_the_countys_audit_export(cast, api):
    for _ in range(5):
        token_for(api(), password=WRONG)
    api(cast.admin).post(f"/api/v1/users/{cast.sw.pk}/unlock/")
    day = timezone.localdate(timezone=cast.admin.county.zone)
    answer = api(cast.admin).get("/api/v1/audit/export/", {"since": day, "until": day})
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode()
    lines = [line for line in body.splitlines() if "accounts.accountevent" in line]
    assert any("Locked after failed sign-ins" in line for line in lines)
    assert any(line.split(",")[1] == "admin_a" and "Unlocked" in line for line in lines)
    assert sum("Sign-in failed" in line for line in lines) == 5
