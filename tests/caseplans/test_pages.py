"""Case plan pages and panels: building a plan, errors next to fields, the flag on the client page and the
dashboard panel, scoping and role refusals, access events."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template import Context, Template
from django.test import Client as WebClient
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import AccessEvent
from caseplans.models import CasePlan, CaseplanSettings, CftMeeting, PlannedService
from referrals import services as case_services
from referrals.models import CsecRow

PACIFIC = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PACIFIC)


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def new_child(user, first: str = "Maya"):
    return case_services.client_create(
        user=user,
        first_name=first,
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


def identify(child, csec_type: str, start: date) -> CsecRow:
    return CsecRow.objects.create(
        county_id=child.county_id,
        client=child,
        csec_type=csec_type,
        start_date=start,
        information_received_at=datetime.combine(start, datetime.min.time(), PACIFIC).replace(hour=9),
    )


@pytest.fixture
def victim(cast):
    with time_machine.travel(NOW, tick=False):
        child = new_child(cast.sw)
    identify(child, "victim_during_foster_care", date(2026, 2, 1))
    return child


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_worker_builds_a_plan_with_services_and_a_cft_meeting(cast, victim, frozen):
    browser = web(cast.sw)
    answer = browser.post(
        reverse("caseplans:plan-edit", args=[victim.pk]),
        {"assessment_date": "2026-02-20", "goal": "Safe, stable placement", "addresses_cse": "on"},
    )
    assert answer.status_code == 302
    plan = CasePlan.objects.get(client=victim)
    assert plan.history.first().history_user == cast.sw
    for code, provider in (("specialized_counseling", "Bay Counseling"), ("survivor_peer_group", "Peers")):
        answer = browser.post(
            reverse("caseplans:service-add", args=[plan.pk]),
            {"service_code": code, "provider": provider, "status": "referred", "referred_on": "2026-02-21"},
        )
        assert answer.status_code == 302, answer.content.decode()[:2000]
    answer = browser.post(
        reverse("caseplans:cft-add", args=[plan.pk]),
        {
            "held_on": "2026-02-25",
            "child_participated": "on",
            "caregiver_participated": "on",
            "participants": "Maya; foster parent; SW",
            "decisions": "Start counseling weekly",
        },
    )
    assert answer.status_code == 302
    assert plan.services.count() == 2
    assert CftMeeting.objects.get(case_plan=plan).child_participated
    page = browser.get(reverse("referrals:client", args=[victim.pk])).content.decode()
    assert "Specialized counseling" in page and "Survivor peer groups" in page
    assert "Start counseling weekly" in page
    assert 'data-testid="caseplan-flag"' not in page


def test_bad_input_is_shown_next_to_the_fields_and_nothing_is_saved(cast, victim, frozen):
    browser = web(cast.sw)
    answer = browser.post(
        reverse("caseplans:plan-edit", args=[victim.pk]),
        {"assessment_date": "2026-04-01", "goal": "Kept goal text", "addresses_cse": "on"},
    )
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "Cannot be in the future." in body and "Kept goal text" in body
    assert not CasePlan.objects.exists()


def test_a_service_needs_a_catalogue_choice_or_a_description(cast, victim, frozen):
    plan = CasePlan.objects.create(
        county_id=victim.county_id,
        client=victim,
        assessment_date=date(2026, 2, 2),
        goal="g",
        addresses_cse=True,
    )
    answer = web(cast.sw).post(
        reverse("caseplans:service-add", args=[plan.pk]),
        {
            "service_code": "",
            "description": "",
            "provider": "Clinic",
            "status": "referred",
            "referred_on": "2026-02-21",
        },
    )
    assert answer.status_code == 200
    assert 'id="id_description_error"' in answer.content.decode()
    assert not PlannedService.objects.exists()


def test_service_status_changes_from_the_plan_page(cast, victim, frozen):
    plan = CasePlan.objects.create(
        county_id=victim.county_id,
        client=victim,
        assessment_date=date(2026, 2, 2),
        goal="g",
        addresses_cse=True,
    )
    service = PlannedService.objects.create(
        county_id=victim.county_id,
        case_plan=plan,
        service_code="medical_treatment",
        provider="Clinic",
        referred_on=date(2026, 2, 3),
    )
    answer = web(cast.sw).post(
        reverse("caseplans:service-status", args=[service.pk]), {f"s-{service.pk}-status": "active"}
    )
    assert answer.status_code == 302
    service.refresh_from_db()
    assert service.status == "active" and service.started_on == date(2026, 3, 2)


def test_the_client_page_flags_a_victim_without_a_plan_after_the_county_days(cast, victim):
    url = reverse("referrals:client", args=[victim.pk])
    with time_machine.travel(datetime(2026, 3, 3, 12, 0, tzinfo=PACIFIC), tick=False):  # day 30 after Feb 1
        assert 'data-testid="caseplan-flag"' not in web(cast.sw).get(url).content.decode()
    with time_machine.travel(datetime(2026, 3, 4, 0, 5, tzinfo=PACIFIC), tick=False):  # day 31, county's zone
        page = web(cast.sw).get(url).content.decode()
    assert 'data-testid="caseplan-flag"' in page and "No case plan" in page


def test_plan_pages_of_another_county_are_not_found(cast, victim, frozen):
    assert web(cast.sw_b).get(reverse("caseplans:plan", args=[victim.pk])).status_code == 404
    assert web(cast.sw_b).get(reverse("caseplans:plan-edit", args=[victim.pk])).status_code == 404
    assert web(cast.sw).get(reverse("caseplans:plan", args=["not-a-uuid"])).status_code == 404


def test_a_county_admin_reads_but_does_not_write_plans(cast, victim, frozen):
    assert web(cast.admin).get(reverse("caseplans:plan", args=[victim.pk])).status_code == 200
    answer = web(cast.admin).post(
        reverse("caseplans:plan-edit", args=[victim.pk]),
        {"assessment_date": "2026-02-20", "goal": "x", "addresses_cse": "on"},
    )
    assert answer.status_code == 403
    assert not CasePlan.objects.exists()


def test_reading_the_plan_page_records_an_access_event(cast, victim, frozen):
    plan = CasePlan.objects.create(
        county_id=victim.county_id,
        client=victim,
        assessment_date=date(2026, 2, 2),
        goal="g",
        addresses_cse=True,
    )
    web(cast.sw).get(reverse("caseplans:plan", args=[victim.pk]))
    event = AccessEvent.objects.get(record_type="caseplans.caseplan")
    assert event.record_id == str(plan.pk) and event.user == cast.sw and event.via == "page"


def render_dashboard_panel(user) -> str:
    request = RequestFactory().get("/dashboard/")
    request.user = user
    template = Template("{% load caseplans_panels %}{% dashboard_caseplan_panel user %}")
    return template.render(Context({"request": request, "user": user}))


def test_dashboard_panel_lists_the_unit_for_a_supervisor_and_the_county_for_an_admin(cast, victim):
    other = new_child(cast.po, first="Noor")
    identify(other, "at_risk", date(2026, 1, 1))
    later = NOW + timedelta(days=10)
    with time_machine.travel(later, tick=False):
        assert "Maya Lopez" in render_dashboard_panel(cast.supervisor)
        assert "Noor Lopez" in render_dashboard_panel(cast.admin)
        assert "Maya Lopez" not in render_dashboard_panel(cast.supervisor_b)
        assert "Maya Lopez" in web(cast.supervisor).get(reverse("caseplans:flags")).content.decode()


def plan_with(child, *services: tuple[str, str]) -> CasePlan:
    plan = CasePlan.objects.create(
        county_id=child.county_id,
        client=child,
        assessment_date=date(2026, 2, 2),
        goal="g",
        addresses_cse=True,
    )
    for code, status in services:
        PlannedService.objects.create(
            county_id=child.county_id,
            case_plan=plan,
            service_code=code,
            provider="Provider",
            status=status,
            referred_on=date(2026, 2, 3),
            started_on=date(2026, 2, 3) if status != "referred" else None,
            ended_on=date(2026, 2, 4) if status in ("completed", "declined") else None,
        )
    return plan


@pytest.mark.parametrize(
    ("csec_type", "services", "flagged"),
    [
        ("victim_during_foster_care", [("specialized_counseling", "declined")], True),
        ("victim_during_foster_care", [("cse_prevention_education", "active")], True),
        ("victim_during_foster_care", [("", "active")], True),
        ("victim_during_foster_care", [("specialized_counseling", "completed")], False),
        ("at_risk", [("cse_prevention_education", "referred")], False),
        ("at_risk", [("safe_housing", "active")], False),
        ("at_risk", [("housing_stability", "declined")], True),
    ],
)
def test_the_client_page_flags_a_plan_without_a_cse_service(cast, csec_type, services, flagged):
    with time_machine.travel(NOW, tick=False):
        child = new_child(cast.sw)
    identify(child, csec_type, date(2026, 1, 1))
    plan = plan_with(child, *services)
    if services == [("", "active")]:
        plan.services.update(description="Tutoring")
    with time_machine.travel(NOW, tick=False):
        page = web(cast.sw).get(reverse("referrals:client", args=[child.pk])).content.decode()
    assert ("No CSE service in the plan" in page) is flagged


def test_the_flag_waits_for_the_county_days(cast, victim):
    CaseplanSettings.objects.create(county=cast.sw.county, plan_due_days=10)
    url = reverse("referrals:client", args=[victim.pk])
    with time_machine.travel(datetime(2026, 2, 11, 23, 0, tzinfo=PACIFIC), tick=False):  # day 10 after Feb 1
        assert "No case plan" not in web(cast.sw).get(url).content.decode()
    with time_machine.travel(datetime(2026, 2, 12, 8, 0, tzinfo=PACIFIC), tick=False):
        assert "No case plan" in web(cast.sw).get(url).content.decode()


def test_an_ended_identification_is_not_flagged(cast, victim):
    CsecRow.objects.filter(client=victim).update(end_date=date(2026, 2, 20))
    with time_machine.travel(NOW, tick=False):
        page = web(cast.sw).get(reverse("referrals:client", args=[victim.pk])).content.decode()
    assert 'data-testid="caseplan-flag"' not in page
    assert "made once the child is documented as a victim or at risk" in page


def test_a_county_admin_sets_the_days_and_others_may_not(cast, victim):
    url = reverse("caseplans:settings")
    assert web(cast.supervisor).get(url).status_code == 403
    assert web(cast.sw).post(url, {"plan_due_days": "5"}).status_code == 403
    answer = web(cast.admin).post(url, {"plan_due_days": "0"})
    assert answer.status_code == 200 and 'id="id_plan_due_days_error"' in answer.content.decode()
    assert not CaseplanSettings.objects.exists()
    assert web(cast.admin).post(url, {"plan_due_days": "14"}).status_code == 302
    settings = CaseplanSettings.objects.get(county=cast.admin.county)
    assert settings.plan_due_days == 14 and settings.history.first().history_user == cast.admin
    with time_machine.travel(datetime(2026, 2, 16, 8, 0, tzinfo=PACIFIC), tick=False):  # day 15 after Feb 1
        assert (
            "No case plan" in web(cast.sw).get(reverse("referrals:client", args=[victim.pk])).content.decode()
        )


def test_the_supervisor_dashboard_lists_the_unit_flagged_children(cast, victim):
    with time_machine.travel(datetime(2026, 3, 10, 9, 0, tzinfo=PACIFIC), tick=False):
        page = web(cast.supervisor).get(reverse("dashboard")).content.decode()
        other_county = web(cast.supervisor_b).get(reverse("dashboard")).content.decode()
    assert 'data-testid="dashboard-caseplan-panel"' in page and "Maya Lopez" in page
    assert "Maya Lopez" not in other_county
