"""Training in the browser: a worker records a course, a county admin sees an untrained worker listed and
downloads the CSV, every page checked with axe."""

import re

import pytest
from playwright.sync_api import Page, expect

from training.services import seed_state_courses

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_worker_records_a_course_and_the_admin_sees_who_lacks_training(page: Page, cast, assert_accessible):
    courses = seed_state_courses(cast.sw.county)

    sign_in(page, "sw_a")
    page.get_by_role("link", name="Training", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CSEC training")
    expect(page.get_by_text("You lack 3 required courses.")).to_be_visible()
    page.get_by_label("Course").select_option(label=courses[0].title)
    page.get_by_label("Completed on").fill("2099-01-01")
    page.get_by_role("button", name="Record completion").click()
    expect(page.get_by_text("Cannot be in the future.")).to_be_visible()
    assert_accessible(page, "completion-error")
    page.get_by_label("Completed on").fill("2025-11-03")
    page.get_by_role("button", name="Record completion").click()
    expect(page.get_by_text("You lack 2 required courses.")).to_be_visible()
    expect(page.get_by_test_id("training-status")).to_contain_text(re.compile(r"CSEC 101.*completed"))
    assert_accessible(page, "worker-status")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "admin_a")
    page.get_by_role("link", name="Training", exact=True).click()
    page.get_by_role("link", name="Training compliance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training compliance")
    worker_row = page.get_by_test_id("lacking-row").filter(has_text="Sol Worker")
    expect(worker_row).to_contain_text("CSEC 102: CSEC Engagement and Skills")
    expect(worker_row).not_to_contain_text("CSEC 101")
    expect(page.get_by_test_id("lacking-row").filter(has_text="po_a")).to_contain_text("probation officers")
    assert_accessible(page, "compliance")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8") as downloaded:
        lines = downloaded.read().splitlines()
    assert lines[0].startswith("worker,username,role")
    assert any(line.startswith("Sol Worker,sw_a") and line.endswith(",completed") for line in lines)

    page.get_by_role("link", name="Course list").click()
    assert_accessible(page, "courses")
    page.get_by_label("Title").fill("Motivational interviewing")
    # USWDS draws its own box: the person clicks the label, the input itself is off screen.
    page.locator("label", has_text=re.compile("^Social worker$")).click()
    expect(page.get_by_label("Social worker")).to_be_checked()
    page.get_by_role("button", name="Add the course").click()
    expect(page.get_by_test_id("course-row").filter(has_text="Motivational interviewing")).to_contain_text(
        "Social worker"
    )
