import pytest
from playwright.sync_api import expect

from reporting.models import ClockSettings

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = "Hours to tell law enforcement and NCMEC that a missing child is back"
SCREENING = "Hours to screen a child who has come back"
REMINDER = "Hours of warning before a deadline"


def test_county_admin_changes_the_clock_settings_from_the_dashboard(cast, page, assert_accessible):
    sign_in(page, "admin_a")
    page.goto("/dashboard/")
    page.get_by_role("link", name="Change the county's clock settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Clock settings of Alameda County")
    expect(page.get_by_label(NOTICE)).to_have_value("24")
    expect(page.get_by_label(SCREENING)).to_have_value("72")
    expect(page.get_by_label(REMINDER)).to_have_value("4")
    expect(page.get_by_test_id("applies-later")).to_contain_text(
        "A change applies to clocks that start after"
    )
    assert_accessible(page, "clock-settings")

    # Too long a reminder: the error sits next to it and every value typed is kept.
    page.get_by_label(NOTICE).fill("12")
    page.get_by_label(REMINDER).fill("100")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_reminder_lead_hours_error")).to_have_text(
        "Give a whole number of hours from 1 to 72."
    )
    expect(page.get_by_label(NOTICE)).to_have_value("12")
    expect(page.get_by_label(REMINDER)).to_have_value("100")
    assert_accessible(page, "clock-settings-error")
    assert not ClockSettings.objects.exists()

    page.get_by_label(REMINDER).fill("8")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clock settings saved.")).to_be_visible()
    expect(page.get_by_label(NOTICE)).to_have_value("12")
    expect(page.get_by_label(REMINDER)).to_have_value("8")
    assert_accessible(page, "clock-settings-saved")
    settings = ClockSettings.objects.get(county=cast.admin.county)
    assert (settings.return_notice_hours, settings.return_assessment_hours, settings.reminder_lead_hours) == (
        12,
        72,
        8,
    )


def test_county_admin_sets_the_late_entry_window_on_a_phone(cast, page, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "admin_a")
    page.goto("/clocks/settings/")
    window = page.get_by_label("Days back an entry may be dated without a late-entry reason")
    expect(window).to_have_value("30")
    window.fill("400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_late_entry_days_error")).to_have_text(
        "Give a whole number of days from 1 to 365."
    )
    expect(window).to_have_value("400")
    assert_accessible(page, "late-entry-window-error")
    window.fill("14")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Entries dated more than 14 days back need a late-entry reason.")).to_be_visible()
    expect(window).to_have_value("14")
    assert_accessible(page, "late-entry-window-saved")
    cast.admin.county.refresh_from_db()
    assert cast.admin.county.late_entry_days == 14
