"""Every way of setting a password applies the validators: at least 12 characters, no common password, not all
digits, not like the username; no forced rotation."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.services import AccountError, user_create

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
WEAK = ["", "a", "password", "short-pw-11", "123456789012345", "caseworker-alameda"]


@pytest.mark.parametrize("password", WEAK)
def test_create_user_refuses_a_weak_password(db, password):
    """It used to accept '', 'a', 'password' and the username, and those users got tokens."""
    with pytest.raises(AccountError, match="The password is refused"):
        user_create(
            username="caseworker-alameda", password=password, county_name="Alameda", role="social_worker"
        )
    assert not User.objects.filter(username="caseworker-alameda").exists()


def test_the_command_refuses_one_too(db):
    with pytest.raises(CommandError, match="at least 12 characters"):
        call_command("create_user", username="u", password="pw", county="Kern", role="social_worker")


def test_a_good_password_is_accepted_and_never_has_to_change(db):
    user = user_create(username="u", password=PASSWORD, county_name="Alameda", role="social_worker")
    assert user.check_password(PASSWORD)
    assert not hasattr(settings, "PASSWORD_MAX_AGE")


def test_the_demo_password_passes(db):
    user = user_create(username="demo_sw", password=DEMO_PASSWORD, county_name="Demo", role="social_worker")
    assert user.check_password(DEMO_PASSWORD)


def test_the_api_refuses_a_weak_password_naming_the_field(cast, api):
    answer = api(cast.admin).post(
        "/api/v1/users/",
        {"username": "newbie", "password": "password", "role": "social_worker"},
        format="json",
    )
    assert answer.status_code == 400
    assert any("too common" in m for m in answer.json()["password"])
    assert not User.objects.filter(username="newbie").exists()


def test_the_new_account_page_refuses_one_and_keeps_what_was_typed(cast, client):
    client.force_login(cast.admin)
    page = client.post(
        "/accounts/users/new/", {"username": "newbie", "password": "newbie", "role": "social_worker"}
    )
    assert page.status_code == 400
    assert "too similar to the username" in page.content.decode()
    assert 'value="newbie"' in page.content.decode()


def test_the_own_password_page_refuses_one(cast, client):
    client.force_login(cast.sw)
    page = client.post(
        "/accounts/account/password/",
        {"old_password": PASSWORD, "new_password1": "password1", "new_password2": "password1"},
    )
    assert page.status_code == 200 and "too short" in page.content.decode()
    assert User.objects.get(pk=cast.sw.pk).check_password(PASSWORD)


def test_the_admin_site_refuses_one(db, client):
    root = User.objects.create_superuser("root", password="root-password-long-enough")
    client.force_login(root)
    page = client.post(
        "/admin/accounts/user/add/",
        {"username": "weak", "usable_password": "true", "password1": "weak", "password2": "weak"},
    )
    assert page.status_code == 200
    assert "too short" in page.content.decode()
    assert not User.objects.filter(username="weak").exists()
