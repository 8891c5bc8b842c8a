"""The audit export as a job: asked for with `POST audit/exports/`, written to the export storage with its progress,
downloaded once done with its row count and checksum; a file that ends without its trailer was cut short, and a
job that fails says so and offers no file. The job body runs in-process here (a real worker runs it in
tests/integration/test_audit_export_job.py)."""

import csv
import hashlib
import io
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts import audit_jobs
from accounts.audit import trailer_rows
from accounts.audit_jobs import audit_export_run, export_storage, write_export
from accounts.models import AccessEvent, AuditExport

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def storage_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "exports")},
        },
    }
    return tmp_path / "exports"


def today(user):
    return timezone.localdate(timezone=user.county.zone).isoformat()


def reads(user, count):
    """`count` reads of a child's record by `user`, now, in one statement."""
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO accounts_accessevent (id, county_id, user_id, at, record_type, record_id, via, path)
               SELECT gen_random_uuid(), %s, %s, now(), 'referrals.client', n::text, 'page', '/clients/' || n || '/'
               FROM generate_series(1, %s) AS n""",
            [user.county_id, user.pk, count],
        )


def ask(api, admin, django_capture_on_commit_callbacks, **params):
    """POST the export; the job it queues on commit is captured, not sent (this test runs its body itself)."""
    with django_capture_on_commit_callbacks(execute=False) as queued:
        answer = api(admin).post(
            "/api/v1/audit/exports/", {"since": today(admin), "until": today(admin), **params}, format="json"
        )
    return answer, queued


def test_a_job_is_queued_written_to_storage_and_downloaded_with_its_rows_and_checksum(
    cast, api, django_capture_on_commit_callbacks, storage_in_tmp
):
    reads(cast.sw, 3_000)
    answer, queued = ask(api, cast.admin, django_capture_on_commit_callbacks)
    assert answer.status_code == 202
    job = answer.json()
    assert {"id", "status", "rows_estimated", "rows_written", "download"} <= set(job)
    assert (job["status"], job["rows_written"], job["download"]) == ("queued", 0, None)
    assert job["rows_estimated"] >= 3_000
    assert len(queued) == 1

    audit_export_run(job["id"])
    done = api(cast.admin).get(f"/api/v1/audit/exports/{job['id']}/").json()
    assert done["status"] == "done"
    assert done["download"].endswith(f"/api/v1/audit/exports/{job['id']}/file/")
    assert done["file_name"] == f"audit-alameda-{today(cast.admin)}-{today(cast.admin)}.csv"

    download = api(cast.admin).get(f"/api/v1/audit/exports/{job['id']}/file/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == done["checksum"] == download["X-Checksum-SHA256"]
    assert done["file_name"] in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body.decode())))
    header, data = rows[0], rows[1:-1]
    assert header[:6] == ["timestamp", "user", "action", "record_type", "record_id", "changes"]
    assert trailer_rows(body.decode().splitlines()[-1]) == len(data) == done["rows_written"]
    assert int(download["X-Row-Count"]) == len(data)
    # Counted when asked for: the file also holds its own record's history (asked for, started).
    assert done["rows_estimated"] == len(data) - 2
    assert sum(1 for row in data if row[2] == "view") == 3_000
    # The file is where the export storage keeps it, under the county.
    stored = list(Path(storage_in_tmp).rglob("*.csv"))
    assert [p.read_bytes() for p in stored] == [body]


def test_the_file_is_refused_until_done_and_other_roles_and_counties_are_refused(
    cast, api, django_capture_on_commit_callbacks
):
    answer, _ = ask(api, cast.admin, django_capture_on_commit_callbacks)
    job_id = answer.json()["id"]
    waiting = api(cast.admin).get(f"/api/v1/audit/exports/{job_id}/file/")
    assert waiting.status_code == 409
    assert "not done" in waiting.json()["detail"]
    for user, status in ((cast.sw, 403), (cast.supervisor, 403), (cast.supervisor_b, 403)):
        assert api(user).get(f"/api/v1/audit/exports/{job_id}/").status_code == status
    assert (
        api(cast.sw)
        .post("/api/v1/audit/exports/", {"since": today(cast.sw), "until": today(cast.sw)})
        .status_code
        == 403
    )
    assert api().post("/api/v1/audit/exports/", {}).status_code == 401


def test_another_countys_admin_finds_no_such_export(cast, api, django_capture_on_commit_callbacks):
    from tests.conftest import make_user

    answer, _ = ask(api, cast.admin, django_capture_on_commit_callbacks)
    admin_b = make_user("admin_b", "Butte", "county_admin")
    assert api(admin_b).get(f"/api/v1/audit/exports/{answer.json()['id']}/").status_code == 404
    assert api(admin_b).get(f"/api/v1/audit/exports/{answer.json()['id']}/file/").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"since": "2026-01-05", "until": "2026-01-02"}, "until"),
        ({"since": "9999-01-01", "until": "9999-01-02"}, "since"),
        ({"since": "2026-01-01", "until": "2026-01-02", "action": "erase"}, "action"),
        ({"since": "2026-01-01", "until": "2026-01-02", "record_type": "nope.nope"}, "record_type"),
    ],
)
def test_a_bad_request_is_a_400_naming_the_field(cast, api, body, field):
    answer = api(cast.admin).post("/api/v1/audit/exports/", body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()


def test_the_job_narrowed_to_a_user_and_an_action_keeps_only_those_rows(
    cast, api, django_capture_on_commit_callbacks
):
    reads(cast.sw, 20)
    reads(cast.supervisor, 7)
    answer, _ = ask(
        api, cast.admin, django_capture_on_commit_callbacks, user=str(cast.supervisor.pk), action="view"
    )
    assert answer.json()["rows_estimated"] == 7
    export = audit_export_run(answer.json()["id"])
    assert export.rows_written == 7
    body = export_storage().open(export.file_name).read().decode()
    assert [row[1] for row in list(csv.reader(io.StringIO(body)))[1:-1]] == ["sup_a"] * 7


def test_a_job_that_fails_says_so_keeps_no_file_and_offers_none(
    cast, api, django_capture_on_commit_callbacks, monkeypatch, storage_in_tmp
):
    reads(cast.sw, 10)
    answer, _ = ask(api, cast.admin, django_capture_on_commit_callbacks)

    def broken(lines, query):
        yield ["a line\r\n"]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(audit_jobs, "line_batches", broken)
    export = audit_export_run(answer.json()["id"])
    assert export.status == "failed"
    assert "the database went away" in export.error
    assert not list(Path(storage_in_tmp).rglob("*.csv")) if storage_in_tmp.exists() else True
    refused = api(cast.admin).get(f"/api/v1/audit/exports/{export.pk}/file/")
    assert refused.status_code == 409
    assert "failed" in refused.json()["detail"]
    reasons = list(export.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons[-1].startswith("Audit export failed")


def test_a_job_finished_is_left_alone_and_one_found_running_starts_over(
    cast, api, django_capture_on_commit_callbacks
):
    reads(cast.sw, 5)
    answer, _ = ask(api, cast.admin, django_capture_on_commit_callbacks)
    AuditExport.objects.filter(pk=answer.json()["id"]).update(status="running", rows_written=3)
    export = audit_export_run(answer.json()["id"])
    assert (export.status, export.rows_written) == ("done", export.rows_estimated + 2)
    again = audit_export_run(answer.json()["id"])
    assert again.checksum == export.checksum
    assert export.history.filter(history_change_reason="Audit export started").count() == 1


def test_every_export_is_audited_with_who_the_range_and_the_rows(
    cast, api, django_capture_on_commit_callbacks
):
    reads(cast.sw, 4)
    answer, _ = ask(api, cast.admin, django_capture_on_commit_callbacks, action="view")
    export = audit_export_run(answer.json()["id"])
    versions = list(export.history.order_by("history_id"))
    assert versions[0].history_user == cast.admin
    assert (
        versions[0].history_change_reason
        == f"Audit export requested: {today(cast.admin)} to {today(cast.admin)} (action view)"
    )
    assert (versions[-1].status, versions[-1].rows_written) == ("done", 4)


class Sink(io.RawIOBase):
    """A file that keeps nothing: the export's own memory is what is measured."""

    def writable(self):
        return True

    def write(self, data):
        return len(data)


def rss_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_memory_stays_flat_however_many_rows(cast):
    """Nothing per row is kept: the growth over 200,000 rows is that over 20,000 (within a few MB)."""
    from accounts.audit_jobs import ExportRequest, audit_export_request

    day = timezone.localdate(timezone=cast.admin.county.zone)
    wanted = ExportRequest(since=day, until=day, action="view")

    def growth(rows):
        AccessEvent.objects.all().delete()
        reads(cast.sw, rows)
        export = audit_export_request(admin=cast.admin, wanted=wanted)
        before = rss_kib()
        written = write_export(export, Sink())
        assert written.rows == rows
        return rss_kib() - before

    growth(5_000)  # warm: imports, the connection's buffers
    small = growth(20_000)
    large = growth(200_000)
    assert large - small < 8 * 1024, (small, large)
    assert large < 40 * 1024, large
