from datetime import timedelta

import pyotp
import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ApiToken, User

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def token_for(api, username, password=PASSWORD, **extra):
    return api().post(
        "/api/v1/auth/token/", {"username": username, "password": password, **extra}, format="json"
    )


def test_token_then_me(cast, api):
    answer = token_for(api, "sw_a")
    assert answer.status_code == 200
    key = answer.json()["token"]
    expires_at = answer.json()["expires_at"]
    assert abs(
        timezone.datetime.fromisoformat(expires_at) - (timezone.now() + timedelta(hours=12))
    ) < timedelta(minutes=1)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = client.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json() | {"id": None} == {
        "id": None,
        "username": "sw_a",
        "full_name": "Sol Worker",
        "role": "social_worker",
        "county": "Alameda",
        "county_time_zone": "America/Los_Angeles",
        "agency": "child_welfare",
        "supervisor": "sup_a",
        "privileges": [],
    }


def test_only_the_digest_of_a_token_is_stored(cast, api):
    key = token_for(api, "sw_a").json()["token"]
    stored = ApiToken.objects.get(user=cast.sw)
    assert key not in stored.digest and len(stored.digest) == 64


def test_token_expires(cast, api):
    key = token_for(api, "sw_a").json()["token"]
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    with time_machine.travel(timezone.now() + timedelta(hours=11, minutes=59)):
        assert client.get("/api/v1/me/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(hours=12, seconds=1)):
        answer = client.get("/api/v1/me/")
        assert answer.status_code == 401
        assert "expired" in answer.json()["detail"]


def test_a_deactivated_users_token_stops_working(cast, api):
    key = token_for(api, "sw_a").json()["token"]
    User.objects.filter(pk=cast.sw.pk).update(is_active=False)
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        {"username": "sw_a", "password": "wrong-password"},
        {"username": "nobody", "password": PASSWORD},
    ],
)
def test_wrong_password_or_unknown_user_is_a_clear_400(cast, api, body):
    answer = api().post("/api/v1/auth/token/", body, format="json")
    assert answer.status_code == 400
    assert answer.json() == {
        "non_field_errors": ["Unable to sign in with the username, password and code given."]
    }


@pytest.mark.parametrize(
    ("body", "content_type", "field"),
    [
        ({}, "application/json", "username"),
        ({"username": "sw_a"}, "application/json", "password"),
        ({"username": ["a", "b"], "password": PASSWORD}, "application/json", "username"),
    ],
)
def test_malformed_token_requests_name_the_field(cast, api, body, content_type, field):
    answer = api().post("/api/v1/auth/token/", body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()


def test_broken_json_is_a_400(cast, api):
    answer = api().post("/api/v1/auth/token/", "{not json", content_type="application/json")
    assert answer.status_code == 400
    assert "detail" in answer.json()


def test_no_or_garbage_credentials_answer_401(cast, api):
    assert api().get("/api/v1/me/").status_code == 401
    client = api()
    client.credentials(HTTP_AUTHORIZATION="Token nonsense")
    assert client.get("/api/v1/me/").status_code == 401


def test_totp_user_needs_a_valid_code(cast, api):
    call_command(
        "create_user",
        username="mfa",
        password=PASSWORD,
        county="Alameda",
        role="social_worker",
        totp_secret=SECRET,
    )
    unable = {"non_field_errors": ["Unable to sign in with the username, password and code given."]}
    missing = token_for(api, "mfa")
    assert missing.status_code == 400 and missing.json() == unable  # the same as a wrong password
    totp = pyotp.TOTP(SECRET)  # an independent RFC 6238 implementation
    wrong = token_for(api, "mfa", otp=str((int(totp.now()) + 1) % 1_000_000).zfill(6))
    assert wrong.status_code == 400 and wrong.json() == unable
    throttled = token_for(api, "mfa", otp=totp.now())  # django-otp's wait after a wrong code
    assert throttled.status_code == 400 and throttled.json() == unable
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        good = token_for(api, "mfa", otp=totp.now())
    assert good.status_code == 200 and good.json()["token"]


def test_a_totp_code_cannot_be_replayed(cast, api):
    call_command(
        "create_user",
        username="mfa",
        password=PASSWORD,
        county="Alameda",
        role="social_worker",
        totp_secret=SECRET,
    )
    code = pyotp.TOTP(SECRET).now()
    assert token_for(api, "mfa", otp=code).status_code == 200
    assert token_for(api, "mfa", otp=code).status_code == 400


def test_user_of_another_county_answers_404(cast, api):
    assert api(cast.sw).get(f"/api/v1/users/{cast.po.pk}/").status_code == 200
    assert api(cast.sw_b).get(f"/api/v1/users/{cast.po.pk}/").status_code == 404
    assert api(cast.sw_b).get("/api/v1/users/not-a-uuid/").status_code == 404
    listed = {u["username"] for u in api(cast.sw_b).get("/api/v1/users/").json()["results"]}
    assert listed == {"sw_b", "sup_b"}


def test_schema_and_docs_are_served(cast, api):
    schema = api(cast.sw).get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = api(cast.sw).get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"<script>" not in docs.content and b"<style>" not in docs.content


def test_schema_and_docs_need_sign_in(db, api):
    assert api().get("/api/v1/schema/").status_code in (401, 403)
    assert api().get("/api/v1/docs/").status_code in (401, 403)


def test_the_schema_validates_without_warnings(tmp_path):
    """Every operation has its own id and every set of codes its own name, so generated clients are sound."""
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    assert "/api/v1/case-plan-flags/" in (tmp_path / "schema.yml").read_text()


def test_the_schema_documents_lists_as_lists_and_the_error_answers(cast, api):
    paths = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/v1/clients/{id}/csec-types/",
        "/api/v1/referrals/{id}/allegations/",
        "/api/v1/referrals/{id}/contacts/",
        "/api/v1/training/completions/",
    ):
        answer = paths[path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert answer.split("/")[-1].startswith("Paginated"), path
    for path, operations in paths.items():
        for method, operation in operations.items():
            if method in {"get", "post", "patch", "put", "delete"}:
                documented = set(operation["responses"])
                assert {"400", "401", "403", "404"} <= documented, (method, path)
