"""Audit exports as records and jobs.

A county admin's export is a record (`AuditExport`) whose history is the audit of the audit: who asked for which
range and filters, and how many rows it held. A range that fits one request (`AUDIT_EXPORT_SYNC_MAX_ROWS`) is
streamed in the response; a larger one runs as a Celery job that writes the file to the export storage (a local
folder on the embedded default, an S3-compatible store in production), reports its progress as it goes, and is
downloaded once done with its row count and checksum. Every file ends with a trailer stating it is complete and
its row count, so a file cut short (a web worker's timeout, a lost connection) is never taken for the whole.
"""

import hashlib
import logging
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import IO, Any
from uuid import UUID

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from kernel.errors import FieldErrors, add_error, raise_if
from kernel.history import save_with_history
from kernel.roles import require_county_admin

from .audit import (
    ACTION_CHOICES,
    AuditQuery,
    header_line,
    line_batches,
    record_types,
    rows_counted,
    session_for_export,
    trailer_line,
)
from .models import AuditExport, AuditExportStatus, User
from .services import audit_window_check

log = logging.getLogger(__name__)

ONLY_ADMINS = "Only a county admin may export the audit history."
PROGRESS_EVERY_SECONDS = 1.0
# A month of a large county takes minutes; the soft limit marks the job failed (never a silent partial file).
SOFT_LIMIT_SECONDS, HARD_LIMIT_SECONDS = 3 * 3600, 3 * 3600 + 300
STORAGE_ALIAS = "audit_exports"


@dataclass(frozen=True)
class ExportRequest:
    """What a county admin asks to export: whole days, and optionally one user, record type or action."""

    since: date
    until: date
    user: UUID | None = None
    record_type: str = ""
    action: str = ""


def sync_limit() -> int:
    return int(settings.AUDIT_EXPORT_SYNC_MAX_ROWS)


def export_storage() -> Storage:
    return storages[STORAGE_ALIAS] if STORAGE_ALIAS in settings.STORAGES else storages["default"]


def audit_exports_of(user: User) -> QuerySet[AuditExport]:
    """The county admin's county's exports, newest first."""
    require_county_admin(user, ONLY_ADMINS)
    return AuditExport.objects.visible_to(user).select_related("requested_by", "user", "county")


def audit_export_get(user: User, export_id: object) -> AuditExport:
    from .selectors import scoped_get

    require_county_admin(user, ONLY_ADMINS)
    return scoped_get(
        AuditExport.objects.select_related("requested_by", "user", "county"), user, pk=export_id
    )


def query_of(export: AuditExport) -> AuditQuery:
    return AuditQuery(
        county=export.county,
        since=export.since,
        until=export.until,
        user_id=export.user_id,
        record_type=export.record_type,
        action=export.action,
    )


def checked_request(admin: User, wanted: ExportRequest) -> tuple[AuditQuery, User | None]:
    """The query an admin's request makes, once its days, user, record type and action are checked."""
    require_county_admin(admin, ONLY_ADMINS)
    audit_window_check(wanted.since, wanted.until)
    errors: FieldErrors = {}
    subject = None
    if wanted.user is not None:
        subject = User.objects.filter(pk=wanted.user, county_id=admin.home_county_id).first()
        if subject is None:
            add_error(errors, "user", "No user of your county has this id.")
    if wanted.record_type and wanted.record_type not in record_types():
        add_error(errors, "record_type", f"{wanted.record_type!r} is not a record type of the audit history.")
    if wanted.action and wanted.action not in ACTION_CHOICES:
        add_error(errors, "action", f"{wanted.action!r} is not one of: {', '.join(ACTION_CHOICES)}.")
    raise_if(errors)
    query = AuditQuery(
        county=admin.home_county,
        since=wanted.since,
        until=wanted.until,
        user_id=subject.pk if subject else None,
        record_type=wanted.record_type,
        action=wanted.action,
    )
    return query, subject


def rows_in(query: AuditQuery, limit: int | None = None) -> int:
    """How many rows the export holds (counting stops past `limit` when given)."""
    with connection.cursor() as cur:
        return rows_counted(cur, query, limit)


def fits_one_request(query: AuditQuery) -> bool:
    return rows_in(query, sync_limit()) <= sync_limit()


def requested_reason(export: AuditExport) -> str:
    narrowed = [
        f"{name} {value}"
        for name, value in (
            ("user", export.user.username if export.user else ""),
            ("record type", export.record_type),
            ("action", export.action),
        )
        if value
    ]
    return f"Audit export requested: {export.since} to {export.until}" + (
        f" ({', '.join(narrowed)})" if narrowed else ""
    )


@transaction.atomic
def audit_export_request(*, admin: User, wanted: ExportRequest, streamed: bool = False) -> AuditExport:
    """Record the export; a job (not `streamed`) is queued once the record is committed."""
    query, subject = checked_request(admin, wanted)
    now = timezone.now()
    export = AuditExport(
        county=admin.home_county,
        requested_by=admin,
        since=wanted.since,
        until=wanted.until,
        user=subject,
        record_type=wanted.record_type,
        action=wanted.action,
        streamed=streamed,
        status=AuditExportStatus.RUNNING if streamed else AuditExportStatus.QUEUED,
        rows_estimated=rows_in(query),
        started_at=now if streamed else None,
    )
    save_with_history(export, admin, requested_reason(export))
    if not streamed:
        pk = str(export.pk)
        transaction.on_commit(lambda: audit_export_job.delay(pk))
    return export


# --- The streamed export (a range that fits one request) --------------------------------------------------------


def export_stream(export: AuditExport) -> Iterator[str]:
    """The CSV of a streamed export, a batch of lines at a time, read in one transaction; the record says done
    (with its rows) once the trailer is out, and failed if the stream stops before."""
    rows = 0
    finished = False
    try:
        yield header_line()
        with transaction.atomic():
            with connection.cursor() as cur:
                session_for_export(cur)
            with connection.chunked_cursor() as lines:
                for batch in line_batches(lines, query_of(export)):
                    rows += len(batch)
                    yield "".join(batch)
        yield trailer_line(rows)
        finished = True
    finally:
        finish(export, rows, error="" if finished else "The download stopped before the end of the export.")


def finish(export: AuditExport, rows: int, *, error: str = "", **stored: Any) -> None:
    export.rows_written = rows
    export.finished_at = timezone.now()
    export.progress_at = export.finished_at
    export.error = error
    export.status = AuditExportStatus.FAILED if error else AuditExportStatus.DONE
    for name, value in stored.items():
        setattr(export, name, value)
    reason = (
        f"Audit export failed after {rows} rows: {error}" if error else f"Audit export complete: {rows} rows"
    )
    save_with_history(export, None, reason[:500], validate=False)


# --- The job (a range too large for one request) -----------------------------------------------------------------


@contextmanager
def export_reader() -> Iterator[CursorWrapper]:
    """A server-side cursor reading the export in one transaction of its own, so that the progress written
    meanwhile on the default connection is seen at once. Inside a caller's transaction (a test's), it reads in
    that one instead: what it holds is not yet visible to another connection."""
    if connection.in_atomic_block:
        with transaction.atomic():
            with connection.cursor() as cur:
                session_for_export(cur)
            with connection.chunked_cursor() as lines:
                yield lines
        return
    reader = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        reader.set_autocommit(False)
        with reader.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            session_for_export(cur)
        with reader.chunked_cursor() as lines:
            yield lines
    finally:
        if reader.connection is not None:
            reader.rollback()
        reader.close()


class Progress:
    """Writes how many rows are out, at most once a second (no history: bookkeeping, as a sweep's stamps)."""

    def __init__(self, export: AuditExport) -> None:
        self.export = export
        self.reported_at = time.monotonic()

    def report(self, rows: int) -> None:
        if time.monotonic() - self.reported_at < PROGRESS_EVERY_SECONDS:
            return
        self.reported_at = time.monotonic()
        AuditExport.objects.filter(pk=self.export.pk).update(rows_written=rows, progress_at=timezone.now())


@dataclass
class Written:
    rows: int = 0
    size: int = 0
    checksum: str = ""


def write_export(export: AuditExport, out: IO[bytes]) -> Written:
    """The whole CSV into `out`, counted and hashed as it goes, with the trailer last."""
    digest = hashlib.sha256()
    written = Written()

    def put(text: str) -> None:
        data = text.encode()
        out.write(data)
        digest.update(data)
        written.size += len(data)

    progress = Progress(export)
    put(header_line())
    with export_reader() as lines:
        for batch in line_batches(lines, query_of(export)):
            put("".join(batch))
            written.rows += len(batch)
            progress.report(written.rows)
    put(trailer_line(written.rows))
    written.checksum = digest.hexdigest()
    return written


def storage_name(export: AuditExport) -> str:
    return f"{slugify(export.county.name)}/{download_name(export).removesuffix('.csv')}-{export.pk}.csv"


def download_name(export: AuditExport) -> str:
    """The file's name for the person downloading it: the county and the range."""
    return f"audit-{slugify(export.county.name)}-{export.since}-{export.until}.csv"


def audit_export_run(export_id: str) -> AuditExport | None:
    """Write the export's file to storage. A job already finished is left alone; one found running (its worker
    died and the broker gave it again) starts over."""
    export = AuditExport.objects.select_related("county", "user").filter(pk=export_id).first()
    if export is None or export.status in (AuditExportStatus.DONE, AuditExportStatus.FAILED):
        return export
    export.status = AuditExportStatus.RUNNING
    export.started_at = export.progress_at = timezone.now()
    export.rows_written = 0
    save_with_history(export, None, "Audit export started", validate=False)
    stored = ""
    storage = export_storage()
    try:
        with tempfile.TemporaryFile(prefix="audit-export-") as out:
            written = write_export(export, out)
            out.seek(0)
            stored = storage.save(storage_name(export), File(out))
    except (Exception, SoftTimeLimitExceeded) as failure:
        log.exception("audit export %s failed", export.pk)
        if stored:
            storage.delete(stored)
        finish(export, AuditExport.objects.get(pk=export.pk).rows_written, error=describe(failure))
        return export
    finish(export, written.rows, file_name=stored, size_bytes=written.size, checksum=written.checksum)
    return export


def describe(failure: BaseException) -> str:
    if isinstance(failure, SoftTimeLimitExceeded):
        return f"It ran longer than {SOFT_LIMIT_SECONDS // 3600} hours; narrow the range or the filters."
    if isinstance(failure, ValidationError):
        return "; ".join(failure.messages)
    return f"{type(failure).__name__}: {failure}"[:500]


@shared_task(
    name="accounts.audit_export",
    ignore_result=True,
    soft_time_limit=SOFT_LIMIT_SECONDS,
    time_limit=HARD_LIMIT_SECONDS,
)
def audit_export_job(export_id: str) -> None:
    audit_export_run(export_id)


def export_file(export: AuditExport) -> File:
    """The finished export's file, opened for reading from storage."""
    return export_storage().open(export.file_name, "rb")
