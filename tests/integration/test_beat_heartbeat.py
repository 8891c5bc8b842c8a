import pytest

from reporting.models import Heartbeat

from .conftest import wait_for

pytestmark = pytest.mark.integration


def beats() -> int:
    beat = Heartbeat.objects.filter(name="beat").first()
    return beat.beats if beat else 0


def test_worker_runs_the_beat_heartbeat_and_healthz_reflects_it(worker, client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="ops", password=None, is_staff=True))
    before = client.get("/healthz")
    assert before.status_code == 503
    assert before.json()["beat"]["ok"] is False

    assert wait_for(lambda: beats() >= 2, timeout=60), worker.output()[-3000:]

    after = client.get("/healthz")
    body = after.json()
    assert after.status_code == 200, body
    assert body["broker"]["ok"] is True and "redis" in body["broker"]["transport"].lower()
    assert body["beat"]["ok"] is True
    assert body["beat"]["age_seconds"] < 10
