"""Browser sessions: a new session key at sign-in, 30 idle minutes (a page asking how long is left is not
activity; "stay signed in" is), 12 hours at most, and a password change, MFA reset or closed account ends every
session of the user."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from accounts.models import AccountEvent, User
from accounts.services import user_deactivate

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
SIGN_IN = "/accounts/sign-in/"


def sign_in(client, username="sw_a"):
    answer = client.post(SIGN_IN, {"username": username, "password": PASSWORD})
    assert answer.status_code == 302, answer.content
    return answer


def home(client):
    return client.get("/", follow=True)


def signed_in(client) -> bool:
    answer = client.get("/")
    return answer.status_code == 200


def test_the_session_key_changes_at_sign_in(cast, client):
    session = client.session
    session["chosen_before"] = "yes"
    session.save()
    before = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = before
    sign_in(client)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_thirty_idle_minutes_end_the_session_with_a_message(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert signed_in(client)
    with time_machine.travel(start + timedelta(minutes=58), tick=False):
        assert signed_in(client)  # 29 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=58 + 31), tick=False):
        page = home(client)
        assert page.redirect_chain[-1][0].startswith("/accounts/sign-in/")
        assert "signed out after 30 minutes without activity" in page.content.decode()
    assert AccountEvent.objects.filter(user=cast.sw, kind="session_expired").count() == 1


def test_asking_how_long_is_left_is_not_activity(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    with time_machine.travel(start + timedelta(minutes=26), tick=False):
        status = client.get("/accounts/session/")
        assert status.json() == {"signed_in": True, "seconds_left": 240, "idle_seconds_left": 240}
    with time_machine.travel(start + timedelta(minutes=31), tick=False):
        assert client.get("/accounts/session/").json() == {"signed_in": False}
        assert not signed_in(client)


def test_stay_signed_in_starts_the_idle_time_again(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    with time_machine.travel(start + timedelta(minutes=26), tick=False):
        kept = client.post("/accounts/session/keep-alive/")
        assert kept.json()["seconds_left"] == 30 * 60
    with time_machine.travel(start + timedelta(minutes=50), tick=False):
        assert signed_in(client)


def test_twelve_hours_end_a_session_however_active(cast, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        sign_in(client)
    minute = 0
    while minute < 12 * 60 - 20:
        minute += 20
        with time_machine.travel(start + timedelta(minutes=minute), tick=False):
            assert signed_in(client), minute
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        page = home(client)
        assert "signed out 12 hours after signing in" in page.content.decode()
        assert not signed_in(client)


def test_a_password_change_ends_the_users_other_sessions(cast):
    here, elsewhere = Client(), Client()
    sign_in(here)
    sign_in(elsewhere)
    new = "an-entirely-new-secret"
    here.post(
        "/accounts/account/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert signed_in(here)
    assert not signed_in(elsewhere)


def test_an_mfa_reset_ends_every_session(cast, api):
    client = Client()
    sign_in(client)
    assert api(cast.admin).post(f"/api/v1/users/{cast.sw.pk}/reset-mfa/").status_code == 200
    assert not signed_in(client)
    assert AccountEvent.objects.get(user=cast.sw, kind="mfa_reset").actor == cast.admin


def test_closing_an_account_ends_every_session(cast):
    client = Client()
    sign_in(client)
    user_deactivate(user=cast.admin, worker=User.objects.get(pk=cast.sw.pk))
    assert not signed_in(client)


def test_a_signed_in_page_carries_the_idle_warning(cast, client):
    sign_in(client)
    page = client.get("/").content.decode()
    assert (
        'id="idle-warning"' in page
        and 'data-idle-seconds="1800"' in page
        and 'data-warn-seconds="300"' in page
    )
    assert "js/session-timeout.js" in page
    client.post("/accounts/sign-out/")
    assert "idle-warning" not in client.get(SIGN_IN).content.decode()
