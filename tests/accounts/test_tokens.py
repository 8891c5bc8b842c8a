"""A user lists and revokes their own API tokens; a password change, an MFA reset or a closed account ends
every token of the user."""

import pyotp
import pytest
from django.core.management import call_command

from accounts.models import AccountEvent, ApiToken, User, hash_token
from accounts.services import user_deactivate

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
TOKENS = "/api/v1/auth/tokens/"


def issue(api, username="sw_a", password=PASSWORD) -> str:
    answer = api().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")
    assert answer.status_code == 200, answer.content
    return answer.json()["token"]


def holding(api, key):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def works(api, key) -> bool:
    return holding(api, key).get("/api/v1/me/").status_code == 200


def test_tokens_survive_no_password_change(cast, api):
    """A token used to outlive its user's password change."""
    key = issue(api)
    user = User.objects.get(pk=cast.sw.pk)
    user.set_password("a-new-password-for-sw")
    user.save()
    assert not works(api, key)


def test_a_password_changed_on_the_page_ends_every_token_and_is_journaled(cast, api, client):
    first, second = issue(api), issue(api)
    assert client.login(username="sw_a", password=PASSWORD)
    changed = client.post(
        "/accounts/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "an-entirely-new-secret",
            "new_password2": "an-entirely-new-secret",
        },
    )
    assert changed.status_code == 302
    assert not works(api, first) and not works(api, second)
    assert not ApiToken.objects.filter(user=cast.sw).exists()
    assert AccountEvent.objects.filter(user=cast.sw, kind="password_changed").exists()
    assert client.get("/").status_code == 200  # the session that changed it goes on


def test_the_caller_lists_their_own_tokens(cast, api):
    first, second = issue(api), issue(api)
    issue(api, "po_a")
    listed = holding(api, second).get(TOKENS)
    assert listed.status_code == 200
    rows = listed.json()["results"]
    assert len(rows) == 2
    assert [row["current"] for row in rows] == [True, False]  # newest first: the one asking
    assert set(rows[0]) == {"id", "created_at", "expires_at", "created_from", "current"}
    assert rows[0]["created_from"] == "127.0.0.1"
    assert first not in listed.content.decode() and second not in listed.content.decode()


def test_revoking_one_token(cast, api):
    first, second = issue(api), issue(api)
    first_id = ApiToken.objects.get(digest=hash_token(first)).public_id
    revoked = holding(api, second).delete(f"{TOKENS}{first_id}/")
    assert revoked.status_code == 204
    assert not works(api, first) and works(api, second)
    event = AccountEvent.objects.get(user=cast.sw, kind="token_revoked")
    assert str(first_id) in event.detail


def test_anothers_token_or_garbage_is_404(cast, api):
    mine = issue(api)
    theirs = issue(api, "po_a")
    their_id = ApiToken.objects.get(user=cast.po).public_id
    assert holding(api, mine).delete(f"{TOKENS}{their_id}/").status_code == 404
    assert holding(api, mine).delete(f"{TOKENS}not-a-uuid/").status_code == 404
    assert works(api, theirs)


def test_revoking_every_token(cast, api):
    first, second = issue(api), issue(api)
    assert holding(api, first).delete(TOKENS).status_code == 204
    assert not works(api, first) and not works(api, second)
    assert holding(api, first).get(TOKENS).status_code == 401


def test_the_account_page_lists_and_revokes_them(cast, api, client):
    key = issue(api)
    client.force_login(cast.sw)
    page = client.get("/accounts/account/")
    assert page.status_code == 200 and 'data-testid="token-row"' in page.content.decode()
    token = ApiToken.objects.get(user=cast.sw)
    assert client.post(f"/accounts/account/tokens/{token.public_id}/revoke/").status_code == 302
    assert not works(api, key)


def test_closing_an_account_ends_its_tokens(cast, api):
    key = issue(api)
    user_deactivate(user=cast.admin, worker=User.objects.get(pk=cast.sw.pk))
    assert not works(api, key)
    assert not ApiToken.objects.filter(user=cast.sw).exists()


def test_an_mfa_reset_ends_its_tokens(cast, api):
    call_command(
        "create_user",
        username="mfa",
        password=PASSWORD,
        county="Alameda",
        role="social_worker",
        totp_secret="JBSWY3DPEHPK3PXPJBSWY3DP",
    )
    answer = api().post(
        "/api/v1/auth/token/",
        {"username": "mfa", "password": PASSWORD, "otp": pyotp.TOTP("JBSWY3DPEHPK3PXPJBSWY3DP").now()},
        format="json",
    )
    key = answer.json()["token"]
    mfa = User.objects.get(username="mfa")
    assert api(cast.admin).post(f"/api/v1/users/{mfa.pk}/reset-mfa/").status_code == 200
    assert not works(api, key)
