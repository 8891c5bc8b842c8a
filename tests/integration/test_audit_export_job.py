"""A month's audit export outlives the web worker: under gunicorn with a web worker timeout of two seconds, a range
too large for one request answers 409, the export runs as a job on a real Celery worker, and the file downloaded
through the web server is complete (its trailer and row count match the rows). The same range streamed by a web
worker that is killed at its timeout ends without the trailer, and its record never says done: nothing is cut
short silently."""

import contextlib
import csv
import hashlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts.audit import trailer_rows
from accounts.models import ApiToken, AuditExport

from .conftest import ROOT, database_url, wait_for

READS = 300_000
WEB_TIMEOUT = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(tmp: Path, sync_max_rows: int) -> Iterator[str]:
    """The web server as production runs it (sync workers), with a short worker timeout."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_casework.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "CSE_VAR_DIR": str(tmp),
        "AUDIT_EXPORT_SYNC_MAX_ROWS": str(sync_max_rows),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    command = [sys.executable, "-m", "gunicorn", "cse_casework.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", str(WEB_TIMEOUT), "--graceful-timeout", "1"]
    with (tmp / f"gunicorn-{port}.log").open("ab") as log:
        server = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: answers(f"{base}/healthz/live"), timeout=60), (
            tmp / f"gunicorn-{port}.log"
        ).read_text()
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def call(method: str, url: str, token: str, body: dict | None = None) -> tuple[int, bytes, dict[str, str]]:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.read(), dict(refusal.headers)


def read_until_cut(url: str, token: str) -> bytes:
    """The body a client receives before the server stops sending (a killed worker closes the connection)."""
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    received = b""
    with contextlib.suppress(OSError, Exception), urllib.request.urlopen(request, timeout=60) as response:
        while chunk := response.read(65536):
            received += chunk
    return received


@pytest.fixture
def month_of_reads(cast):
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO accounts_accessevent (id, county_id, user_id, at, record_type, record_id, via, path)
               SELECT gen_random_uuid(), %s, %s, now() - n * interval '1 millisecond', 'referrals.client', n::text,
                      'page', '/clients/' || n || '/'
               FROM generate_series(1, %s) AS n""",
            [cast.sw.county_id, cast.sw.pk, READS],
        )
    return cast


def test_a_large_export_runs_as_a_job_past_the_web_timeout_and_its_file_is_complete(
    worker, month_of_reads, tmp_path
):
    cast = month_of_reads
    _, token = ApiToken.issue(cast.admin, timezone.now())
    day = timezone.localdate(timezone=cast.admin.county.zone)
    since, until = (day - timedelta(days=1)).isoformat(), day.isoformat()
    with gunicorn(tmp_path, sync_max_rows=1_000) as web:
        status, body, _ = call("GET", f"{web}/api/v1/audit/export/?since={since}&until={until}", token)
        assert status == 409, body
        assert json.loads(body)["export_job"].endswith("/api/v1/audit/exports/")

        status, body, _ = call(
            "POST", f"{web}/api/v1/audit/exports/", token, {"since": since, "until": until}
        )
        assert status == 202, body
        job = json.loads(body)
        seen = []

        def finished() -> bool:
            state = json.loads(call("GET", f"{web}/api/v1/audit/exports/{job['id']}/", token)[1])
            seen.append((state["status"], state["rows_written"]))
            return state["status"] in ("done", "failed")

        assert wait_for(finished, timeout=600, step=0.3), worker.output()[-3000:]
        assert seen[-1][0] == "done", seen[-1]
        assert any(status == "running" for status, _ in seen), seen

        status, body, headers = call("GET", f"{web}/api/v1/audit/exports/{job['id']}/file/", token)
        assert status == 200
    export = AuditExport.objects.get(pk=job["id"])
    # It ran longer than a web worker may: in a request it would have been killed.
    assert export.finished_at - export.started_at > timedelta(seconds=WEB_TIMEOUT)
    text = body.decode()
    rows = list(csv.reader(io.StringIO(text)))
    data = rows[1:-1]
    assert (
        trailer_rows(text.splitlines()[-1]) == len(data) == export.rows_written == int(headers["X-Row-Count"])
    )
    assert sum(1 for row in data if row[2] == "view") == READS
    assert hashlib.sha256(body).hexdigest() == export.checksum == headers["X-Checksum-SHA256"]


def test_a_streamed_export_cut_by_the_web_timeout_ends_without_its_trailer_and_never_says_done(
    require_services, transactional_db, month_of_reads, tmp_path
):
    cast = month_of_reads
    _, token = ApiToken.issue(cast.admin, timezone.now())
    day = timezone.localdate(timezone=cast.admin.county.zone)
    since, until = (day - timedelta(days=1)).isoformat(), day.isoformat()
    with gunicorn(tmp_path, sync_max_rows=10_000_000) as web:
        received = read_until_cut(f"{web}/api/v1/audit/export/?since={since}&until={until}", token)
    lines = received.decode(errors="replace").splitlines()
    # Cut short (the worker killed before the last row, perhaps before the first): a reader can tell.
    assert not lines or trailer_rows(lines[-1]) is None
    assert len(lines) < READS
    assert not AuditExport.objects.filter(status="done").exists()
