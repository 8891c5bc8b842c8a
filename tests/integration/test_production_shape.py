"""The production shape without containers (`bin/production`): gunicorn with several workers, a Celery worker
pool and one beat, DEBUG off, on PostgreSQL and Redis. A person signs in over it with a password and a code, and
a clock that passes its due time is alerted to them by the worker."""

import os
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta

import pyotp
import pytest
import requests
from django.conf import settings
from django.utils import timezone

from referrals.models import Client
from reporting.models import Deadline

from .conftest import ROOT, database_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "a-long-production-passphrase"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def production(require_services, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PY": sys.executable,
        "DEBUG": "0",
        "SECRET_KEY": "smoke-" + "Zq9vW2xR7pL4mN8bT1cY6hJ0fD5sG3aE" * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CSE_VAR_DIR": str(tmp_path),
        "CSE_BEAT_TICK_SECONDS": "2",
        "BIND": f"127.0.0.1:{port}",
        "WEB_WORKERS": "3",
        "STATIC_COMPRESS": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (tmp_path / "production.log").open("wb")
    process = subprocess.Popen(
        [str(ROOT / "bin" / "production")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return requests.get(f"{base}/healthz/live", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    try:
        assert wait_for(up, timeout=180), (tmp_path / "production.log").read_text(errors="replace")[-3000:]
        yield Production(base, env)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@dataclass
class Production:
    url: str
    env: dict[str, str]


def overdue_clock_for(user) -> Deadline:
    child = Client.objects.create(
        county=user.county,
        assigned_worker=user,
        first_name="Pat",
        last_name="Smoke",
        date_of_birth=date(2011, 3, 4),
    )
    now = timezone.now()
    return Deadline.objects.create(
        county=user.county,
        client=child,
        kind="ncmec_report",
        assigned_to=user,
        started_at=now - timedelta(hours=24, minutes=1),
        due_at=now - timedelta(minutes=1),
        remind_at=now - timedelta(hours=4),
    )


def test_sign_in_over_gunicorn_and_a_clock_is_alerted_by_the_worker(production):
    # Created by the production settings themselves, so the password is hashed as the server checks it.
    created = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "create_user",
            "--username",
            "prod_sw",
            "--password",
            PASSWORD,
            "--county",
            "Alameda",
            "--role",
            "social_worker",
            "--totp-secret",
            SECRET,
            "--email",
            "prod_sw@x.invalid",
        ],
        cwd=ROOT,
        env=production.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert created.returncode == 0, created.stderr
    from accounts.models import User

    user = User.objects.get(username="prod_sw")
    answer = requests.post(
        f"{production.url}/api/v1/auth/token/",
        json={"username": "prod_sw", "password": PASSWORD, "otp": pyotp.TOTP(SECRET).now()},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    headers = {"Authorization": f"Token {answer.json()['token']}"}
    me = requests.get(f"{production.url}/api/v1/me/", headers=headers, timeout=10)
    assert me.status_code == 200 and me.json()["username"] == "prod_sw"
    assert "Content-Security-Policy" in me.headers and "no-store" in me.headers["Cache-Control"]

    clock = overdue_clock_for(user)

    def alerted() -> list[object]:
        listed = requests.get(f"{production.url}/api/v1/notifications/", headers=headers, timeout=10).json()
        return [n for n in listed["results"] if n["deadline"] == str(clock.pk)]

    assert wait_for(alerted, timeout=60, step=1), "the worker never alerted the overdue clock"
    assert requests.get(f"{production.url}/healthz", timeout=10).status_code == 200
