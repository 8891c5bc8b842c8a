"""A real Celery worker with its embedded beat, in a child process, against real Redis and the test database."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(predicate: Callable[[], object], timeout: float, step: float = 0.5) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


class WorkerProcess:
    def __init__(self, tmp: Path, tick_seconds: float) -> None:
        self.tmp = tmp
        self.tick_seconds = tick_seconds
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tmp / "worker.log"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cse_casework.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "CSE_BEAT_TICK_SECONDS": str(self.tick_seconds),
            "CSE_VAR_DIR": str(self.tmp),
            "DATABASE_CONN_MAX_AGE": "0",
        }

    def start(self) -> None:
        command = [sys.executable, "-m", "celery", "-A", "cse_casework", "worker", "-B", "--pool=solo"]
        command += ["--loglevel=INFO", "--without-gossip", "--without-mingle"]
        with self.log.open("ab") as log:
            # A process group of its own: the embedded beat is a child process, and a signal meant for "the
            # worker" must reach it too, or it outlives the test and keeps ticking.
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def signal_group(self, sig: int) -> None:
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """The worker and its beat die at once, as when their machine or container is killed."""
        if self.process and self.process.poll() is None:
            self.signal_group(sig)
            self.process.wait(timeout=30)
        self.signal_group(signal.SIGKILL)  # whatever child is left

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.signal_group(signal.SIGKILL)
                self.process.wait()
        self.signal_group(signal.SIGKILL)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@pytest.fixture
def require_services() -> None:
    if connection.vendor != "postgresql" or not settings.CELERY_BROKER_URL.startswith("redis://"):
        pytest.skip("needs PostgreSQL and Redis (CI sets CSE_REQUIRE_SERVICES=1, which makes them required)")
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


@pytest.fixture
def worker(require_services, transactional_db, tmp_path) -> Iterator[WorkerProcess]:
    process = WorkerProcess(tmp_path, tick_seconds=2)
    process.start()
    yield process
    process.stop()
