"""The count of failed sign-ins is the database's, not a process's: a live server (its own threads and database
connections) and direct requests count together, and guesses racing each other never get a sixth one checked.
The per-address throttle is shared too (in Redis), across separate processes."""

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from accounts.models import AccountEvent, User
from accounts.services import user_create
from accounts.throttles import sign_in_allowed

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "/api/v1/auth/token/"
WRONG = "not-the-password-at-all"
ROOT = Path(__file__).resolve().parents[2]


def post_json(url: str, body: dict, forwarded: str = "") -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as refusal:
        return refusal.code


@pytest.fixture
def worker(db):
    return user_create(username="racer", password=PASSWORD, county_name="Alameda", role="social_worker")


def test_a_live_server_and_direct_requests_count_together(worker, live_server, api):
    url = live_server.url + TOKEN
    wrong = {"username": "racer", "password": WRONG}
    assert post_json(url, wrong, "198.51.100.1") == 400
    assert api().post(TOKEN, wrong, format="json", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 400
    assert post_json(url, wrong, "198.51.100.3") == 400
    assert api().post(TOKEN, wrong, format="json").status_code == 400
    right = {"username": "racer", "password": PASSWORD}
    assert api().post(TOKEN, right, format="json").status_code == 200  # four failures: still open
    for n in range(4):
        assert post_json(url, wrong, f"198.51.100.{n}") == 400
    assert api().post(TOKEN, wrong, format="json").status_code == 400  # the fifth, on the other side
    assert post_json(url, right) == 403
    assert api().post(TOKEN, right, format="json").status_code == 403


def test_racing_guesses_get_exactly_five_checked(worker, live_server):
    url = live_server.url + TOKEN
    racers = 8
    start = threading.Barrier(racers)
    answers: list[int] = []

    def guess(n: int) -> None:
        start.wait()
        answers.append(post_json(url, {"username": "racer", "password": f"{WRONG}-{n}"}, f"198.51.100.{n}"))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(answers) == racers
    events = AccountEvent.objects.filter(user=worker)
    assert events.filter(kind="sign_in_failed").count() == 5  # five guesses were checked, no more
    assert events.filter(kind="sign_in_refused_locked").count() == racers - 5
    assert sorted(answers) == [400] * 5 + [403] * (racers - 5)
    assert User.objects.get(pk=worker.pk).locked_at is not None


REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": settings.TEST_REDIS_URL.rsplit("/", 1)[0] + "/8",
        "KEY_PREFIX": "cse",
    }
}


def attempt_in_another_process(address: str, at: datetime) -> bool:
    """One sign-in attempt counted by a separate Python process, on the same cache."""
    code = (
        "import django; django.setup(); from datetime import datetime; "
        "from accounts.throttles import sign_in_allowed; "
        f"print(sign_in_allowed({address!r}, datetime.fromisoformat({at.isoformat()!r})))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_casework.settings",
        "CACHE_URL": REDIS_CACHE["default"]["LOCATION"],
        "DATABASE_URL": "sqlite:///:memory:",
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip() == "True"


@pytest.mark.skipif(not settings.REDIS_AVAILABLE, reason="needs Redis")
def test_the_address_throttle_is_counted_across_processes(db):
    with override_settings(CACHES=REDIS_CACHE, SIGN_IN_ATTEMPTS_PER_MINUTE=3):
        cache.clear()
        now = timezone.now()  # one minute for every attempt, however long the other process takes to start
        try:
            assert sign_in_allowed("203.0.113.5", now) and sign_in_allowed("203.0.113.5", now)
            assert attempt_in_another_process("203.0.113.5", now)  # the third this minute, in another process
            assert not sign_in_allowed("203.0.113.5", now)  # the fourth is refused here
            assert sign_in_allowed("203.0.113.6", now)  # another address is not
        finally:
            cache.clear()
