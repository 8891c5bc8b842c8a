"""A supervisor narrows the dashboard, reads the chart's table and downloads what is shown; a county admin opens the
statistics. Each page at a desk and on a phone: no sideways scroll, clean under axe."""

import csv
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from referrals.models import CsecRow

from ..dashboard.seed import a_bit_of_everything, child
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def assert_fits(page: Page, name: str) -> None:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name} scrolls sideways at {inner_width} px: {scroll_width} px wide"


def test_a_supervisor_narrows_the_dashboard_reads_the_charts_table_and_downloads_it(
    cast, page, assert_accessible
) -> None:
    now = timezone.now()
    for worker in (cast.sw, cast.po, cast.sw, cast.sw_b):
        a_bit_of_everything(worker, now)
    page.set_viewport_size(DESK)
    sign_in(page, "sup_a")
    page.get_by_test_id("home-dashboard-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clocks of your unit")
    expect(page.get_by_test_id("overdue-count")).to_have_text("3")
    assert_fits(page, "dashboard")
    assert_accessible(page, "dashboard-desk")

    page.get_by_label("Worker").select_option(label="Sol Worker (sw_a)")
    page.get_by_label("Kind of clock").select_option(label="Report to NCMEC")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_test_id("dashboard-showing")).to_contain_text("Sol Worker")
    expect(page.get_by_test_id("dashboard-showing")).to_contain_text("Report to NCMEC clocks only")
    expect(page.get_by_test_id("overdue-count")).to_have_text("0")
    expect(page.get_by_test_id("due-soon-count")).to_have_text("2")

    # The chart is an image named for what it shows; its numbers are the table's.
    chart = page.get_by_role("img", name="Share of clocks met on time, by kind")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Clocks closed in the last 90 days, and how many on time, by kind")
    row = table.get_by_role("row", name="Report to NCMEC")
    expect(row.get_by_role("cell")).to_have_text(["2", "2", "100%"])
    expect(page.get_by_role("table", name="Clocks closed each week, and how many on time")).to_be_visible()
    assert_accessible(page, "dashboard-filtered-desk")

    with page.expect_download() as download_info:
        page.get_by_test_id("dashboard-csv").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dashboard-alameda-")
    with open(download.path(), newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["kind"] for row in rows if row["section"] in ("due_soon", "on_time")} == {"ncmec_report"}
    assert next(row for row in rows if row["section"] == "totals")["due_soon"] == "2"
    assert {row["worker"] for row in rows if row["section"] == "due_soon"} == {"Sol Worker"}

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("due-soon-count")).to_have_text("2")
    assert_fits(page, "dashboard (filtered)")
    assert_accessible(page, "dashboard-filtered-phone")

    page.get_by_role("link", name="Clear the filters").click()
    expect(page.get_by_test_id("overdue-count")).to_have_text("3")
    assert_fits(page, "dashboard")
    assert_accessible(page, "dashboard-phone")


def test_a_bad_filter_is_said_on_the_page(cast, page, assert_accessible) -> None:
    a_bit_of_everything(cast.sw, timezone.now())
    page.set_viewport_size(PHONE)
    sign_in(page, "sup_a")
    page.goto(f"/dashboard/?worker={cast.sw_b.pk}")
    expect(page.get_by_text("That filter could not be used")).to_be_visible()
    expect(page.locator("#id_worker_error")).to_have_text("Choose a worker of your unit.")
    assert_fits(page, "dashboard with a refused filter")
    assert_accessible(page, "dashboard-refused-filter")


def test_a_county_admin_opens_the_statistics_from_home(cast, page, assert_accessible) -> None:
    kid = child(cast.sw, "Ana")
    today = timezone.localdate()
    CsecRow.objects.create(
        county=kid.county, client=kid, csec_type="at_risk", start_date=date(today.year, 1, 1)
    )
    for viewport, name in ((DESK, "desk"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        sign_in(page, "admin_a")
        page.get_by_test_id("home-statistics-link").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("CSEC statistics of Alameda County")
        expect(page.get_by_role("img", name="Children per CSEC category in the period")).to_be_visible()
        table = page.get_by_test_id("statistics-table")
        expect(table.get_by_role("row", name="At Risk").get_by_role("cell")).to_have_text("1")
        assert_fits(page, f"statistics ({name})")
        assert_accessible(page, f"statistics-{name}")
        page.context.clear_cookies()

    sign_in(page, "admin_a")
    page.goto("/statistics/")
    page.get_by_role("textbox", name="From").fill(f"{today.year + 1}-01-01")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#id_to_error")).to_have_text("Give a day on or after the first day.")
    expect(page.get_by_role("textbox", name="From")).to_have_value(f"{today.year + 1}-01-01")
    assert_accessible(page, "statistics-refused-period")
