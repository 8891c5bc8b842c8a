"""A worker's day on a phone and at a desk: every page fits its width (no sideways scroll) and is clean under axe."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from referrals.models import Client
from referrals.services import client_create, csec_row_document

from ..conftest import county_today
from ..ux.seed import busy_child
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": (390, 844), "desk": (1280, 800)}


def fits_its_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


def check_page(page: Page, assert_accessible, path: str, name: str) -> list[str]:
    """The page at each width: what scrolls sideways, and what axe finds (every page is walked before failing)."""
    problems = []
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        scroll_width, inner_width = fits_its_width(page)
        if scroll_width > inner_width:
            problems.append(f"{name} at {width} px scrolls sideways: {scroll_width} px wide")
        try:
            assert_accessible(page, f"{name}-{width_name}")
        except AssertionError as failure:
            problems.append(str(failure))
    return problems


def test_a_workers_pages_fit_a_phone_and_a_desk(cast, page, assert_accessible) -> None:
    busy = busy_child(cast)
    sign_in(page, "sw_a")
    problems = []
    for path, name in (
        ("/", "home"),
        ("/clients/", "client-list"),
        (f"/clients/{busy.child.pk}/", "child"),
        ("/referrals/new/", "intake"),
        (f"/missing-episodes/{busy.episode.pk}/", "episode-missing"),
        (f"/clients/{busy.child.pk}/clocks/", "child-clocks"),
        (f"/referrals/{busy.referral.pk}/", "referral"),
    ):
        problems += check_page(page, assert_accessible, path, name)
    assert problems == []


def new_child(cast) -> Client:
    return client_create(
        user=cast.sw,
        first_name="Lena",
        last_name="Ortiz",
        date_of_birth=county_today().replace(year=county_today().year - 14),
        foster_care_status="in_foster_care",
    )


def test_a_new_missing_episode_page_fits_a_phone_and_a_desk(cast, page, assert_accessible) -> None:
    child = new_child(cast)
    sign_in(page, "sw_a")
    assert check_page(page, assert_accessible, f"/clients/{child.pk}/missing/new/", "episode-new") == []


def test_on_a_phone_each_save_is_confirmed(cast, page, assert_accessible) -> None:
    child = new_child(cast)
    csec_row_document(user=cast.sw, client=child, csec_type="at_risk", start_date=county_today())
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/missing/new/")
    expect(page.get_by_label("Reasonably believed to be a victim", exact=False)).to_be_checked()
    found = timezone.localtime(timezone.now() - timedelta(hours=1), child.county.zone)
    page.get_by_label("Found missing at").fill(found.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Circumstance").select_option("runaway")
    page.get_by_role("button", name="Record missing").click()
    expect(page.get_by_role("status")).to_have_text("Missing episode recorded.")
    expect(page.get_by_role("link", name="Record: Notice of return", exact=False)).to_have_count(0)
    assert_accessible(page, "episode-saved-phone")
    page.get_by_role("link", name="Record: NCMEC").click()
    expect(page.get_by_label("Agency")).to_have_value(
        "National Center for Missing & Exploited Children (NCMEC)"
    )
    page.get_by_label("Method").select_option("phone")
    page.get_by_role("button", name="Record report").click()
    expect(page.get_by_role("status")).to_have_text("Report recorded: NCMEC.")
    assert_accessible(page, "report-saved-phone")


def test_the_supervisors_home_fits_and_links_the_dashboard(cast, page, assert_accessible) -> None:
    busy_child(cast)
    sign_in(page, "sup_a")
    assert check_page(page, assert_accessible, "/", "supervisor-home") == []
    page.get_by_test_id("home-dashboard-link").click()
    expect(page).to_have_url("/dashboard/")
