from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from caseplans.models import CasePlan
from referrals import services as case_services

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def victim(cast):
    child = case_services.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )
    today = timezone.localdate(timezone=cast.sw.county.zone)
    case_services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=today - timedelta(days=3),
    )
    return child


def test_worker_builds_a_case_plan_with_two_services_and_a_cft_meeting(cast, victim, page, assert_accessible):
    today = timezone.localdate(timezone=cast.sw.county.zone).isoformat()
    sign_in(page, "sw_a")
    page.goto(f"/clients/{victim.pk}/")
    panel = page.get_by_test_id("caseplan-panel")
    expect(panel).to_contain_text("identified as a victim and has no case plan yet")
    assert_accessible(page, "client-without-plan")
    panel.get_by_role("link", name="Create the case plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create the case plan of Maya Lopez")

    # The goal is left out: the error sits next to it and the date typed is kept.
    page.get_by_label("Assessment date").fill(today)
    page.get_by_label("This plan addresses the child's commercial sexual exploitation").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save the case plan").click()
    expect(page.locator("#id_goal_error")).to_be_visible()
    expect(page.get_by_label("Assessment date")).to_have_value(today)
    assert_accessible(page, "plan-form-error")
    assert not CasePlan.objects.exists()

    page.get_by_label("Case plan goal").fill("Safe, stable placement and recovery with a trusted adult")
    page.get_by_role("button", name="Save the case plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case plan of Maya Lopez")
    expect(page.get_by_text("Case plan saved.")).to_be_visible()
    # A victim with a plan and no victim service yet: nothing overdue today, the plan is 3 days old.
    expect(page.get_by_test_id("caseplan-flag")).to_have_count(0)
    assert_accessible(page, "plan")

    for service, provider in (
        ("Specialized counseling", "Bay Area Trauma Counseling"),
        ("Survivor peer groups", "Survivors Together"),
    ):
        page.get_by_role("link", name="Add a service").click()
        page.get_by_label("Service", exact=True).select_option(label=service)
        page.get_by_label("Provider").fill(provider)
        page.get_by_label("Referred on").fill(today)
        if service == "Survivor peer groups":
            assert_accessible(page, "service-form")
        page.get_by_role("button", name="Add the service").click()
        expect(page.get_by_text(f"{service} added to the case plan.")).to_be_visible()
    expect(page.get_by_test_id("service-row")).to_have_count(2)

    # Counseling starts: one keyboard-reachable status control per service.
    page.get_by_label("Status of Specialized counseling").select_option("active")
    page.get_by_role("button", name="Save status of Specialized counseling").click()
    expect(page.get_by_text("Specialized counseling: Active.")).to_be_visible()

    page.get_by_role("link", name="Record a CFT meeting").click()
    page.get_by_label("Meeting date").fill(today)
    page.get_by_label("The child took part").focus()
    page.keyboard.press("Space")
    page.get_by_label("The caregiver took part").focus()
    page.keyboard.press("Space")
    page.get_by_label("Participants").fill("Maya; foster parent Ms. Diaz; SW Sol Worker; advocate")
    page.get_by_label("Decisions").fill("Weekly counseling; peer group on Thursdays; safety plan for school")
    assert_accessible(page, "cft-form")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.get_by_test_id("cft-meeting")).to_contain_text("Weekly counseling")

    page.get_by_role("link", name="Back to Maya Lopez").click()
    panel = page.get_by_test_id("caseplan-panel")
    expect(panel.get_by_test_id("service-row")).to_have_count(2)
    expect(panel).to_contain_text("Bay Area Trauma Counseling")
    expect(panel.get_by_test_id("cft-meeting")).to_contain_text("Child took part: Yes")
    assert_accessible(page, "client-with-plan")

    plan = CasePlan.objects.get(client=victim)
    assert [s.status for s in plan.services.order_by("provider")] == ["active", "referred"]
    assert plan.cft_meetings.get().caregiver_participated


def test_county_admin_sees_an_overdue_plan_and_sets_the_days(cast, page, assert_accessible):
    child = case_services.client_create(
        user=cast.sw,
        first_name="Noor",
        last_name="Haddad",
        date_of_birth=date(2010, 9, 9),
        foster_care_status="in_foster_care",
    )
    long_ago = timezone.now() - timedelta(days=40)
    case_services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="at_risk",
        start_date=timezone.localdate(long_ago, timezone=cast.sw.county.zone),
        information_received_at=long_ago,
        late_entry_reason="Identified at intake; recorded from the paper file",
    )
    sign_in(page, "admin_a")
    page.goto("/dashboard/")
    panel = page.get_by_test_id("dashboard-caseplan-panel")
    expect(panel.get_by_test_id("flag-row")).to_contain_text("Noor Haddad")
    expect(panel.get_by_test_id("flag-row")).to_contain_text("No case plan (at risk)")
    panel.get_by_role("link", name="All overdue case plans").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Case plans overdue")
    assert_accessible(page, "flags")

    page.get_by_role("link", name="Change the number of days").click()
    expect(page.get_by_label("Days after identification")).to_have_value("30")
    page.get_by_label("Days after identification").fill("0")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_plan_due_days_error")).to_be_visible()
    assert_accessible(page, "settings-error")
    page.get_by_label("Days after identification").fill("45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Case plans are now due 45 days after identification.")).to_be_visible()
    page.get_by_role("link", name="Case plans overdue now").click()
    expect(page.get_by_test_id("flag-row")).to_have_count(0)
    expect(page.get_by_text("No identified child is without a plan")).to_be_visible()
