"""Every answer carries the browser protections: a strict Content-Security-Policy with no inline script or
style, no framing, no MIME sniffing, a strict referrer policy, and no caching of anything about a child.
Errors under /api/ are JSON whatever raised them."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def plain_routes() -> list[str]:
    """Every address of the project that takes no argument: its pages and its API's top-level answers."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or route.startswith("^") or "admin/" in prefix + route:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


PAGES = plain_routes()


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def policy(answer) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in answer["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.parametrize("path", PAGES)
def test_every_page_carries_the_protective_headers(cast, path):
    answer = signed_in(cast.supervisor).get(path)
    assert answer.status_code < 500 or path == "/healthz", path  # 503 until beat has ticked
    csp = policy(answer)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert answer["X-Frame-Options"] == "DENY"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert answer["Referrer-Policy"] == "same-origin"
    if not path.startswith("/static/"):
        assert "no-store" in answer["Cache-Control"]


def test_the_walk_reaches_the_pages_and_the_api():
    assert {"/", "/clients/", "/referrals/new/", "/dashboard/", "/api/v1/clients/", "/api/v1/me/"} <= set(
        PAGES
    )


def test_a_refusal_and_the_sign_in_page_carry_them_too(cast):
    refused = signed_in(cast.sw).get("/dashboard/")
    assert refused.status_code == 403 and "Content-Security-Policy" in refused
    assert "Content-Security-Policy" in Client().get("/accounts/sign-in/")


def test_no_template_carries_inline_script_or_style():
    from pathlib import Path

    from django.conf import settings

    offenders = []
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        if "<script>" in text or "<style" in text or " style=" in text or " on" + "click=" in text:
            offenders.append(str(template))
    assert offenders == []


def test_an_unknown_api_address_answers_json_404(cast):
    answer = signed_in(cast.sw).get("/api/v1/no-such-thing/")
    assert answer.status_code == 404
    assert answer.json() == {"detail": "Not found."}


def test_an_unknown_page_is_still_a_page(cast):
    answer = signed_in(cast.sw).get("/no-such-page/")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("text/html")


def test_a_body_over_the_limit_answers_json_400(cast, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(cast.sw)
    answer = client.post("/api/v1/referrals/", {"narrative": "x" * 5000}, format="json")
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/json"
    assert "detail" in answer.json()
