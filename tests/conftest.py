"""The shared cast: counties A and B, one user of each role in A, a social worker in B."""

import os
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import user_create

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are still
# made synchronously, one at a time.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


@dataclass
class Cast:
    supervisor: User
    sw: User
    po: User
    admin: User
    sw_b: User
    supervisor_b: User


def make_user(username: str, county: str, role: str, **kwargs: object) -> User:
    return user_create(username=username, password=PASSWORD, county_name=county, role=role, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def cast(db) -> Cast:
    supervisor = make_user(
        "sup_a", "Alameda", "supervisor", first_name="Ana", last_name="Sup", email="sup_a@x.invalid"
    )
    return Cast(
        supervisor=supervisor,
        sw=make_user(
            "sw_a",
            "Alameda",
            "social_worker",
            supervisor_username="sup_a",
            first_name="Sol",
            last_name="Worker",
            email="sw_a@x.invalid",
        ),
        po=make_user(
            "po_a", "Alameda", "probation_officer", supervisor_username="sup_a", email="po_a@x.invalid"
        ),
        admin=make_user("admin_a", "Alameda", "county_admin"),
        supervisor_b=make_user("sup_b", "Butte", "supervisor"),
        sw_b=make_user("sw_b", "Butte", "social_worker", supervisor_username="sup_b"),
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: the sign-in throttle counts attempts per address in it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def api():
    """`api(user)`: an API client authenticated as `user` (or anonymous with no user)."""

    def make(user: User | None = None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


def county_today() -> date:
    """Today in the test counties' zone (the default county zone): the day every rule and page counts by. The
    server's own zone is UTC, whose date runs ahead of California's from 16:00 or 17:00 Pacific."""
    return timezone.localdate(timezone=ZoneInfo(settings.DEFAULT_COUNTY_TIME_ZONE))
