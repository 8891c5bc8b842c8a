"""Hostile input is a clear 400, never a server error: NUL characters anywhere, JSON nested absurdly deep."""

import pytest
from django.test import Client as BrowserClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(cast):
    client = BrowserClient()
    client.force_login(cast.sw)
    return client


@pytest.mark.parametrize(
    "path", ["/api/v1/clients/?q=%00", "/api/v1/clients/?q=Ana%00Diaz", "/api/v1/referrals/?client=%00"]
)
def test_a_nul_in_an_api_query_is_a_400(cast, api, path):
    response = api(cast.sw).get(path)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_page_query_is_a_400_page(browser):
    response = browser.get("/clients/?q=%00")
    assert response.status_code == 400


def test_a_nul_in_a_posted_form_is_a_400(browser):
    response = browser.post("/referrals/new/", {"first_name": "A\x00", "last_name": "B"})
    assert response.status_code == 400


def test_a_nul_in_a_json_body_is_a_400(cast, api):
    response = api(cast.sw).post(
        "/api/v1/clients/",
        '{"first_name": "A\\u0000", "last_name": "B", "date_of_birth": "2011-01-01", "foster_care_status": "in_foster_care"}',
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_json_nested_100000_deep_is_a_400(cast, api):
    body = "[" * 100_000 + "]" * 100_000
    response = api(cast.sw).post("/api/v1/clients/", body, content_type="application/json")
    assert response.status_code == 400


def test_the_sign_in_form_refuses_a_nul_without_a_server_error(cast):
    response = BrowserClient().post("/accounts/sign-in/", {"username": "sw_a\x00", "password": PASSWORD})
    assert response.status_code == 400
