"""A refusal or an unknown record is a page in the product's own look that says what happened and where to go."""

import pytest
from django.test import Client as WebClient

pytestmark = pytest.mark.django_db


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def test_a_worker_refused_the_dashboard_gets_a_page_saying_so(cast):
    answer = web(cast.sw).get("/dashboard/")
    html = answer.content.decode()
    assert answer.status_code == 403
    assert "<h1>This page is not open to you</h1>" in html and "CSE Casework" in html
    assert 'href="/"' in html


def test_a_worker_refused_the_clock_settings_is_told_who_may(cast):
    answer = web(cast.sw).get("/clocks/settings/")
    assert answer.status_code == 403
    assert "Only the county admin of this county sets its clock settings." in answer.content.decode()


def test_another_countys_child_is_not_found_in_the_products_look(cast):
    answer = web(cast.sw_b).get(f"/workers/{cast.sw.pk}/close/")
    assert answer.status_code in (403, 404)
    answer = web(cast.sw_b).get("/clients/00000000-0000-0000-0000-000000000000/")
    assert answer.status_code == 404
    assert "<h1>Not found</h1>" in answer.content.decode()
