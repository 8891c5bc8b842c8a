"""Multi-factor sign-in for everyone when MFA_REQUIRED (always with DEBUG off): an account without an
authenticator sets one up right after its password (QR code or typed key, confirmed with a code) and reaches
nothing else before; a county admin resets it."""

import base64
import re
from datetime import timedelta
from urllib.parse import unquote

import pyotp
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AccountEvent, User

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
SETUP = "/accounts/authenticator/"


@pytest.fixture
def required(settings):
    settings.MFA_REQUIRED = True


def sign_in(client, username="sw_a", **extra):
    return client.post("/accounts/sign-in/", {"username": username, "password": PASSWORD, **extra})


def typed_key(page: str) -> str:
    return re.search(r'data-testid="mfa-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def test_the_setting_follows_debug(tmp_path):
    from ..test_settings import run_django

    code = "from django.conf import settings as s; print(s.MFA_REQUIRED)"
    production = {"DEBUG": "0", "SECRET_KEY": "x" * 50, "MFA_REQUIRED": "0"}
    assert run_django(code, production, tmp_path).stdout.strip() == "True"  # cannot be relaxed in production
    assert run_django(code, {}, tmp_path).stdout.strip() == "False"  # the embedded demo
    assert run_django(code, {"MFA_REQUIRED": "1"}, tmp_path).stdout.strip() == "True"


def test_without_an_authenticator_the_password_leads_to_its_set_up_and_nowhere_else(cast, client, required):
    answer = sign_in(client)
    assert answer.status_code == 302 and answer["Location"] == f"{SETUP}?next=%2F"
    assert client.get("/clients/")["Location"] == f"{SETUP}?next=%2Fclients%2F"
    assert client.get("/api/v1/me/").status_code == 403
    page = client.get(SETUP)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body
    key = typed_key(body)
    device = TOTPDevice.objects.get(user=cast.sw, confirmed=False)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == key
    assert f"secret={key}" in unquote(device.config_url) and "issuer=CSE%20Casework" in device.config_url
    assert typed_key(client.get(SETUP).content.decode()) == key  # the same key on every visit
    wrong = client.post(SETUP, {"code": "000000", "next": "/clients/"})
    assert wrong.status_code == 400 and "not right" in wrong.content.decode()
    # django-otp makes a wrong code wait a moment before the next is tried
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        right = client.post(SETUP, {"code": pyotp.TOTP(key).now(), "next": "/clients/"})
        assert right.status_code == 302 and right["Location"] == "/clients/"
        assert client.get("/clients/").status_code == 200
    assert TOTPDevice.objects.get(user=cast.sw).confirmed
    assert AccountEvent.objects.filter(user=cast.sw, kind="mfa_enrolled").exists()


def test_once_set_up_the_code_is_needed_with_the_password(cast, client, required):
    sign_in(client)
    key = typed_key(client.get(SETUP).content.decode())
    client.post(SETUP, {"code": pyotp.TOTP(key).now()})
    client.post("/accounts/sign-out/")
    without = sign_in(client)
    assert without.status_code == 200 and "code is missing or wrong" in without.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=False):
        assert sign_in(client, otp=pyotp.TOTP(key).now())["Location"] == "/"
        assert client.get("/").status_code == 200


def test_the_token_endpoint_asks_an_account_without_one_to_set_it_up_first(cast, api, required):
    answer = api().post("/api/v1/auth/token/", {"username": "sw_a", "password": PASSWORD}, format="json")
    assert answer.status_code == 403 and "authenticator" in answer.json()["detail"]


def test_a_county_admin_resets_it_and_the_next_sign_in_sets_up_a_new_one(cast, client, api, required):
    call_command(
        "create_user",
        username="mfa",
        password=PASSWORD,
        county="Alameda",
        role="social_worker",
        totp_secret="JBSWY3DPEHPK3PXPJBSWY3DP",
    )
    mfa = User.objects.get(username="mfa")
    assert api(cast.sw).post(f"/api/v1/users/{mfa.pk}/reset-mfa/").status_code == 403
    assert api(cast.supervisor_b).post(f"/api/v1/users/{mfa.pk}/reset-mfa/").status_code == 403
    reset = api(cast.admin).post(f"/api/v1/users/{mfa.pk}/reset-mfa/")
    assert reset.status_code == 200 and reset.json()["has_authenticator"] is False
    assert not TOTPDevice.objects.filter(user=mfa).exists()
    assert sign_in(client, "mfa")["Location"].startswith(SETUP)


def test_the_reset_page_action_is_the_admins_alone(cast, client):
    TOTPDevice.objects.create(user=cast.sw, name="authenticator", key="00" * 20, confirmed=True)
    client.force_login(cast.supervisor)
    assert client.post(f"/accounts/users/{cast.sw.pk}/reset-mfa/").status_code == 403
    client.force_login(cast.admin)
    done = client.post(f"/accounts/users/{cast.sw.pk}/reset-mfa/", follow=True)
    assert "authenticator of Sol Worker is reset" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=cast.sw).exists()
    other = User.objects.get(username="sw_b")
    assert client.post(f"/accounts/users/{other.pk}/reset-mfa/").status_code == 404


def test_mfa_not_required_leaves_the_password_enough(cast, client):
    assert sign_in(client)["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_password_only_session_signs_in_again_once_an_authenticator_exists(cast, client, required):
    sign_in(client)
    TOTPDevice.objects.create(
        user=cast.sw, name="authenticator", key="00" * 20, confirmed=True
    )  # set up elsewhere
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0].startswith("/accounts/sign-in/")
    assert "sign in again with its code" in page.content.decode()
