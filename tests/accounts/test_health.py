from datetime import timedelta

import pytest
from django.utils import timezone

from reporting.heartbeat import heartbeat_record
from reporting.tasks import heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client, cast):
    """An operator: the county admin, who may read the checks' details."""
    client.force_login(cast.admin)
    return client


def test_health_without_a_beat_is_degraded(client):
    answer = client.get("/healthz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["database"]["ok"] is True
    assert body["beat"] == {"ok": False, "last_beat_at": None, "age_seconds": None}


def test_health_with_a_recent_beat_is_ok(client):
    heartbeat()  # the task body, run in-process
    body = client.get("/healthz").json()
    assert body["status"] == "ok", body
    assert body["beat"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_health_with_a_stale_beat_is_degraded(client):
    heartbeat_record(timezone.now() - timedelta(minutes=4))
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["beat"]["ok"] is False
    assert answer.json()["beat"]["age_seconds"] >= 240


def test_heartbeat_counts_beats(db):
    from reporting.models import Heartbeat

    heartbeat()
    heartbeat()
    assert Heartbeat.objects.get(name="beat").beats == 2


def test_liveness_needs_nothing(client):
    assert client.get("/healthz/live").json() == {"status": "ok"}


def test_beat_schedule_ticks_every_minute():
    from cse_casework.celery import app

    assert app.conf.beat_schedule["heartbeat"]["schedule"] == 60.0


def test_without_signing_in_health_names_only_which_check_failed(db):
    from django.test import Client

    answer = Client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {
        "status": "degraded",
        "database": {"ok": True},
        "broker": {"ok": True},
        "beat": {"ok": False},
    }


def test_a_social_worker_does_not_see_healths_details(cast):
    from django.test import Client

    worker = Client()
    worker.force_login(cast.sw)
    assert worker.get("/healthz").json()["database"] == {"ok": True}
