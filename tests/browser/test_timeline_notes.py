"""Browser test: a worker reads the child's timeline before a home visit, filters it to the case notes, writes
a note and sees the confirmation; every page checked with axe at 1280 px and at 390 px, where none scrolls
sideways."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notes.models import CaseNote

from ..timeline.conftest import make_child, tell
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def check_widths(assert_accessible):
    """axe at 1280 px and at 390 px; at 390 px the page is no wider than the screen."""

    def check(page: Page, name: str) -> None:
        page.set_viewport_size(DESK)
        assert_accessible(page, f"{name}-1280")
        page.set_viewport_size(PHONE)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name}: the page is {width} px wide at 390 px"
        assert_accessible(page, f"{name}-390")
        page.set_viewport_size(DESK)

    return check


def test_a_worker_reads_the_timeline_and_adds_a_note(cast, page, check_widths):
    child = make_child(cast.sw)
    story = tell(cast.sw, child)
    sign_in(page, "sw_a")
    page.goto(f"/clients/{child.pk}/")
    expect(page.get_by_test_id("notes-panel")).to_contain_text("Home visit: Maya is safe.")
    check_widths(page, "client")

    page.get_by_test_id("record-views").get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline of Maya Lopez")
    entries = page.get_by_test_id("timeline-entry")
    expect(entries).to_have_count(15)
    expect(entries.first).to_contain_text("Case note entered in error: Written on the wrong child's record")
    expect(entries.last).to_contain_text("Referral received from child abuse hotline")
    expect(page.locator('[data-entered-in-error="true"]')).to_have_count(1)
    check_widths(page, "timeline")

    # Each entry is a link to its record: the contact's leads to its referral.
    page.get_by_role("link", name="In-person contact: the child alleged to be exploited (Maya)").click()
    expect(page).to_have_url(re.compile(f"/referrals/{story.referral.pk}/$"))
    page.go_back()

    page.get_by_label("Show").select_option(label="Case notes")
    page.get_by_role("button", name="Show").click()
    expect(entries).to_have_count(2)
    expect(page.locator('[data-kind="note"]')).to_have_count(2)
    check_widths(page, "timeline-notes")

    page.get_by_role("link", name="Case notes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case notes of Maya Lopez")
    check_widths(page, "notes")
    page.get_by_role("link", name="Write a note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Write a note on Maya Lopez's record")

    # The text is left out: the error sits next to it and what was typed is kept.
    when = timezone.localtime(timezone.now() - timedelta(hours=2), cast.sw.county.zone).strftime(
        "%Y-%m-%dT%H:%M"
    )
    page.get_by_label("Kind of note").select_option(label="Contact note")
    page.get_by_label("When it happened").fill(when)
    page.get_by_role("button", name="Save the note").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    expect(page.get_by_label("When it happened")).to_have_value(when)
    check_widths(page, "note-form-error")
    assert CaseNote.objects.filter(client=child).count() == 2

    page.get_by_role("textbox", name=re.compile(r"^Note\b")).fill(
        "Home visit before court. Maya asked about her sister; school attendance is good."
        " A-very-long-unbroken-reference-number-0123456789012345678901234567890123456789 wraps on a phone."
    )
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("Contact note saved.")).to_be_visible()
    expect(page.get_by_test_id("note").first).to_contain_text("Maya asked about her sister")
    check_widths(page, "notes-saved")

    page.get_by_role("link", name="Timeline").first.click()
    expect(entries.first).to_contain_text("Contact note: Home visit before court.")
    page.get_by_role("link", name="Contact note: Home visit before court.", exact=False).click()
    expect(page.get_by_test_id("note-version")).to_have_count(1)
    check_widths(page, "note-detail")

    # A correction, never a silent edit: the reason is asked for and history keeps both versions.
    page.get_by_role("link", name="Correct the note").click()
    page.get_by_role("textbox", name=re.compile(r"^Note\b")).fill("Home visit before court. Maya is safe.")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("#id_reason_error")).to_be_visible()
    check_widths(page, "note-correct-error")
    page.get_by_label("Why this correction").fill("Left out what is for the court report only")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Note corrected.")).to_be_visible()
    expect(page.get_by_test_id("note-version")).to_have_count(2)
    page.get_by_role("link", name="Mark it entered in error").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark the note entered in error")
    check_widths(page, "note-void")

    note = CaseNote.objects.filter(client=child).order_by("-created_at").first()
    assert note.author == cast.sw and note.kind == "contact"
    assert note.text == "Home visit before court. Maya is safe."
    assert [v.history_change_reason for v in note.history.order_by("history_id")] == [
        "case note written",
        "case note corrected: Left out what is for the court report only",
    ]
