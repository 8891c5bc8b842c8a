"""Corrections and entries made in error on the case plan page: the "Correct" form of a CFT meeting, the "Mark
entered in error" confirmations of a service, a meeting and the plan, the late-entry box, the success messages,
errors next to their fields, role refusals and another county's records."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as WebClient
from django.urls import reverse

from caseplans import services
from caseplans.models import CasePlan, CftMeeting, PlannedService
from referrals import services as case_services
from referrals.models import CsecRow

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PACIFIC)
MEETING = {
    "held_on": "2026-02-25",
    "child_participated": "on",
    "participants": "Maya; foster parent",
    "decisions": "Counseling weekly",
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


@pytest.fixture
def plan(cast) -> CasePlan:
    child = case_services.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )
    CsecRow.objects.create(
        county_id=child.county_id,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=date(2026, 1, 5),
        information_received_at=datetime(2026, 1, 5, 9, tzinfo=PACIFIC),
    )
    return services.case_plan_save(
        user=cast.sw, client=child, assessment_date=date(2026, 1, 10), goal="Safety", addresses_cse=True
    )


@pytest.fixture
def service(cast, plan) -> PlannedService:
    return services.service_add(
        user=cast.sw,
        plan=plan,
        service_code="safe_housing",
        provider="Safe Homes",
        referred_on=date(2026, 2, 1),
    )


@pytest.fixture
def meeting(cast, plan) -> CftMeeting:
    return services.cft_meeting_add(
        user=cast.sw, plan=plan, held_on=date(2026, 2, 25), participants="Maya; SW", decisions="Counseling"
    )


def plan_page(user, plan: CasePlan) -> str:
    return web(user).get(reverse("caseplans:plan", args=[plan.client_id])).content.decode()


def test_the_plan_page_offers_each_entry_its_actions(cast, service, meeting):
    page = plan_page(cast.sw, meeting.case_plan)
    assert reverse("caseplans:cft-correct", args=[meeting.pk]) in page
    assert reverse("caseplans:cft-void", args=[meeting.pk]) in page
    assert reverse("caseplans:service-void", args=[service.pk]) in page
    assert reverse("caseplans:plan-void", args=[meeting.case_plan_id]) in page
    assert 'Mark entered in error<span class="usa-sr-only">: Specialized and safe housing</span>' in page
    assert "cft-correct" not in plan_page(cast.admin, meeting.case_plan)  # a reader gets no actions
    assert reverse("caseplans:cft-correct", args=[meeting.pk]) not in plan_page(cast.admin, meeting.case_plan)


def test_a_meeting_is_corrected_on_its_form_with_a_reason(cast, meeting):
    url = reverse("caseplans:cft-correct", args=[meeting.pk])
    browser = web(cast.supervisor)
    form = browser.get(url).content.decode()
    assert "Counseling" in form and 'value="2026-02-25"' in form
    missing = browser.post(url, MEETING)
    assert missing.status_code == 200
    assert (
        'id="id_reason_error"' in missing.content.decode() and "Counseling weekly" in missing.content.decode()
    )
    done = browser.post(url, MEETING | {"reason": "Decisions were cut short"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("caseplans:plan", args=[meeting.case_plan.client_id])
    assert "Child and Family Team meeting of Feb 25, 2026 corrected." in done.content.decode()
    rows = list(meeting.history.order_by("history_date", "history_id"))
    assert [r.decisions for r in rows] == ["Counseling", "Counseling weekly"]
    assert rows[-1].history_user == cast.supervisor
    assert rows[-1].history_change_reason == "Corrected: Decisions were cut short"


def test_a_meeting_held_before_the_window_needs_the_late_entry_box_and_its_reason(cast, plan):
    url = reverse("caseplans:cft-add", args=[plan.pk])
    old = MEETING | {"held_on": "2026-01-20"}  # 41 days before March 2
    unticked = web(cast.sw).post(url, old)
    assert unticked.status_code == 200 and 'id="id_held_on_error"' in unticked.content.decode()
    assert "mark it a late entry and say why" in unticked.content.decode()
    no_reason = web(cast.sw).post(url, old | {"late_entry": "on"})
    assert no_reason.status_code == 200
    assert 'id="id_late_entry_reason_error"' in no_reason.content.decode()
    assert not CftMeeting.objects.exists()
    saved = web(cast.sw).post(
        url, old | {"late_entry": "on", "late_entry_reason": "Paper notes found"}, follow=True
    )
    assert "Child and Family Team meeting of Jan 20, 2026 recorded." in saved.content.decode()
    assert CftMeeting.objects.get().late_entry_reason == "Paper notes found"
    assert "Recorded late: Paper notes found" in saved.content.decode()
    # A reason typed with the box left unticked is not kept.
    web(cast.sw).post(url, MEETING | {"late_entry_reason": "ignored"})
    assert CftMeeting.objects.get(held_on=date(2026, 2, 25)).late_entry_reason == ""


def test_a_service_marked_entered_in_error_is_struck_through_with_its_reason(cast, service):
    url = reverse("caseplans:service-void", args=[service.pk])
    browser = web(cast.sw)
    confirm = browser.get(url).content.decode()
    assert (
        "Mark the service Specialized and safe housing entered in error" in confirm
        and 'id="id_reason"' in confirm
    )
    blank = browser.post(url, {"reason": "  "})
    assert blank.status_code == 200 and 'id="id_reason_error"' in blank.content.decode()
    done = browser.post(url, {"reason": "<b>Other child's</b>"}, follow=True)
    page = done.content.decode()
    assert "Specialized and safe housing: marked entered in error." in page
    assert "Entered in error: &lt;b&gt;Other child&#x27;s&lt;/b&gt;" in page and "<b>Other" not in page
    assert 'data-entered-in-error="true"' in page and 'class="text-strike"' in page
    assert re.search(
        r"Marked <time datetime=\"[^\"]+\">\w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M</time> by Sol Worker",
        page,
    )
    assert reverse("caseplans:service-status", args=[service.pk]) not in page
    service.refresh_from_db()
    assert (
        service.entered_in_error_by == cast.sw and service.entered_in_error_reason == "<b>Other child's</b>"
    )
    again = browser.post(url, {"reason": "twice"})
    assert again.status_code == 200 and "Already marked entered in error" in again.content.decode()
    status = browser.post(
        reverse("caseplans:service-status", args=[service.pk]), {f"s-{service.pk}-status": "active"}
    )
    assert status.status_code == 200 and "it takes no more changes" in status.content.decode()


def test_a_meeting_marked_entered_in_error_can_no_longer_be_corrected(cast, meeting):
    browser = web(cast.sw)
    done = browser.post(
        reverse("caseplans:cft-void", args=[meeting.pk]), {"reason": "Duplicate"}, follow=True
    )
    page = done.content.decode()
    assert "marked entered in error" in page and "Entered in error: Duplicate" in page
    assert reverse("caseplans:cft-correct", args=[meeting.pk]) not in page
    url = reverse("caseplans:cft-correct", args=[meeting.pk])
    assert "can no longer be corrected" in browser.get(url).content.decode()
    refused = browser.post(url, MEETING | {"reason": "Late fix"})
    assert refused.status_code == 200 and "can no longer be corrected" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.decisions == "Counseling"


def test_a_plan_marked_entered_in_error_is_created_again_from_the_page(cast, service):
    plan = service.case_plan
    browser = web(cast.sw)
    done = browser.post(
        reverse("caseplans:plan-void", args=[plan.pk]), {"reason": "Wrong child"}, follow=True
    )
    page = done.content.decode()
    assert "The case plan is marked entered in error" in page
    assert (
        "the plan recorded earlier was entered in error" in page and "Entered in error: Wrong child" in page
    )
    assert reverse("caseplans:service-add", args=[plan.pk]) not in page
    client_page = browser.get(reverse("referrals:client", args=[plan.client_id])).content.decode()
    assert "has no case plan yet" in client_page
    form = browser.get(reverse("caseplans:plan-edit", args=[plan.client_id])).content.decode()
    assert "Create the case plan of Maya Lopez" in form and 'name="reason"' not in form
    again = browser.post(
        reverse("caseplans:plan-edit", args=[plan.client_id]),
        {"assessment_date": "2026-03-01", "goal": "Stability", "addresses_cse": "on"},
    )
    assert again.status_code == 302
    plan.refresh_from_db()
    assert not plan.entered_in_error and plan.goal == "Stability"
    assert PlannedService.objects.get().entered_in_error


def test_the_plan_edit_form_takes_an_optional_reason(cast, plan):
    url = reverse("caseplans:plan-edit", args=[plan.client_id])
    assert 'name="reason"' in web(cast.sw).get(url).content.decode()
    body = {"assessment_date": "2026-01-10", "goal": "Safety first", "addresses_cse": "on"}
    assert web(cast.sw).post(url, body | {"reason": "Goal reworded with the child"}).status_code == 302
    assert (
        plan.history.order_by("history_date", "history_id").last().history_change_reason
        == "Corrected: Goal reworded with the child"
    )
    too_long = web(cast.sw).post(url, body | {"reason": "x" * 1001})
    assert too_long.status_code == 200 and 'id="id_reason_error"' in too_long.content.decode()


@pytest.mark.parametrize("name", ["cft-correct", "cft-void", "service-void", "plan-void"])
def test_a_county_admin_is_refused_and_another_county_finds_nothing(cast, service, meeting, name):
    target = {
        "cft-correct": meeting,
        "cft-void": meeting,
        "service-void": service,
        "plan-void": service.case_plan,
    }
    url = reverse(f"caseplans:{name}", args=[target[name].pk])
    assert web(cast.admin).get(url).status_code == 403
    assert web(cast.admin).post(url, MEETING | {"reason": "r"}).status_code == 403
    assert web(cast.sw_b).get(url).status_code == 404
    assert web(cast.sw_b).post(url, MEETING | {"reason": "r"}).status_code == 404
    assert not PlannedService.objects.filter(entered_in_error_at__isnull=False).exists()
    assert not CftMeeting.objects.filter(entered_in_error_at__isnull=False).exists()
    assert CftMeeting.objects.get().history.count() == 1


@pytest.mark.parametrize("held_on", ["2026-02-30", "25/02/2026", "99999-01-01", "1999-01-01", "2026-03-03"])
def test_absurd_dates_on_the_correction_form_are_field_errors(cast, meeting, held_on):
    answer = web(cast.sw).post(
        reverse("caseplans:cft-correct", args=[meeting.pk]), MEETING | {"held_on": held_on, "reason": "Date"}
    )
    assert answer.status_code == 200 and 'id="id_held_on_error"' in answer.content.decode()
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 2, 25)
