from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


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


def sign_in(client, **data):
    return client.post("/accounts/sign-in/", {"username": "mfa", "password": PASSWORD, **data})


def test_a_totp_users_password_alone_fails_like_any_failure(client, mfa_user):
    answer = sign_in(client)
    assert answer.status_code == 200
    assert "The username or password is not right, or the authenticator code is missing or wrong." in (
        answer.content.decode()
    )
    assert client.get("/").status_code == 302


def test_sign_in_with_a_wrong_then_a_right_code(client, mfa_user):
    totp = pyotp.TOTP(SECRET)
    wrong = sign_in(client, otp=str((int(totp.now()) + 1) % 1_000_000).zfill(6))
    assert "code is missing or wrong" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        right = sign_in(client, otp=totp.now())
        assert right.status_code == 302 and right["Location"] == "/"
        home = client.get("/")
    assert home.status_code == 200
    assert "Welcome" in home.content.decode()


def test_pages_are_not_cached(client, cast):
    client.force_login(cast.sw)
    assert client.get("/")["Cache-Control"] == "no-store, private"
