"""A county admin runs the audit export from its page: sees its size before starting, follows its progress while a
real Celery worker writes it, and downloads the file named for the county and the range, whose last line says it
is complete. Checked with axe at 1280 and 390 pixels wide."""

import csv
import io
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from playwright.sync_api import expect

from accounts.audit import trailer_rows
from accounts.models import AuditExport
from tests.integration.conftest import require_services, worker  # noqa: F401 - the real worker fixtures

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READS = 150_000


@pytest.fixture
def shared_storage(settings, tmp_path):
    """The web server (this process) and the worker (CSE_VAR_DIR=tmp_path) keep export files in one place."""
    settings.STORAGES = {
        **settings.STORAGES,
        "audit_exports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "audit-exports")},
        },
    }


def a_month_of_reads(cast):
    with connection.cursor() as cur:
        cur.execute(
            """INSERT INTO accounts_accessevent (id, county_id, user_id, at, record_type, record_id, via, path)
               SELECT gen_random_uuid(), %s, %s, now() - n * interval '10 milliseconds', 'referrals.client',
                      n::text, 'page', '/clients/' || n || '/'
               FROM generate_series(1, %s) AS n""",
            [cast.sw.county_id, cast.sw.pk, READS],
        )


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.usefixtures("worker", "shared_storage")
def test_a_county_admin_runs_the_export_follows_it_and_downloads_the_file(cast, page, assert_accessible):
    a_month_of_reads(cast)
    today = timezone.localdate(timezone=cast.admin.county.zone)
    sign_in(page, "admin_a")
    page.get_by_test_id("home-audit-export-link").get_by_role("link", name="Audit export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit export")
    assert_accessible(page, "audit-export-form")

    page.get_by_label("From").fill(today.isoformat())
    page.get_by_label("To").fill(today.isoformat())
    page.get_by_label("Action").select_option("view")
    page.get_by_role("button", name="Check the size").click()
    expect(page.get_by_test_id("estimate")).to_contain_text(f"{READS:,} rows")
    assert_accessible(page, "audit-export-size")

    page.get_by_role("button", name="Start the export").click()
    expect(page.get_by_text(f"The export of {READS:,} rows has started.")).to_be_visible()
    expect(page.get_by_test_id("export-status")).to_have_text("Running", timeout=60_000)
    expect(page.get_by_test_id("export-progress")).to_contain_text(f"of about {READS:,} rows written")
    assert_accessible(page, "audit-export-running")

    expect(page.get_by_test_id("export-status")).to_have_text("Done", timeout=180_000)
    name = f"audit-alameda-{today}-{today}.csv"
    expect(page.get_by_test_id("export-file-name")).to_have_text(name)
    expect(page.get_by_test_id("export-rows")).to_have_text(f"{READS:,}")
    assert_accessible(page, "audit-export-done")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download {name}").click()
    download = download_info.value
    assert download.suggested_filename == name
    text = Path(download.path()).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert trailer_rows(text.splitlines()[-1]) == len(rows) - 2 == READS
    export = AuditExport.objects.get()
    assert (export.requested_by, export.action, export.rows_written) == (cast.admin, "view", READS)

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.get_by_test_id("export-status")).to_have_text("Done")
    assert fits_the_width(page)
    assert_accessible(page, "audit-export-done-phone")
    page.goto("/accounts/audit/exports/")
    expect(page.get_by_test_id("recent-exports")).to_contain_text("Done")
    assert fits_the_width(page)
    assert_accessible(page, "audit-export-list-phone")


def test_the_export_page_is_refused_to_anyone_but_a_county_admin(cast, page):
    sign_in(page, "sup_a")
    answer = page.goto("/accounts/audit/exports/")
    assert answer.status == 403
