"""Case plans over the API: catalogue, plans, services and their statuses, CFT meetings, scoping, bad input."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AccessEvent
from caseplans import services
from caseplans.catalogue import AT_RISK_SERVICES, ServiceCode
from caseplans.models import CasePlan, CaseplanSettings, CftMeeting, PlannedService

from .conftest import PLAN, SERVICE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen(time_machine):
    # 6 p.m. on February 1 in Alameda: already February 2 in UTC.
    time_machine.move_to("2026-02-01 18:00:00-08:00", tick=False)


def plan_url(client) -> str:
    return f"/api/v1/clients/{client.pk}/case-plan/"


def test_the_catalogue_lists_the_victim_and_at_risk_services_of_the_state(api, cast):
    response = api(cast.sw).get("/api/v1/service-catalogue/")
    assert response.status_code == 200
    entries = {e["code"]: e["group"] for e in response.json()}
    assert len(entries) == 16
    assert {c for c, g in entries.items() if g == "at_risk"} == {
        "cse_prevention_education",
        "housing_stability",
        "employment_help",
        "substance_abuse_treatment",
    }
    assert entries["tattoo_removal"] == entries["survivor_peer_group"] == entries["safe_housing"] == "victim"
    assert {str(c) for c in AT_RISK_SERVICES} < set(ServiceCode.values)


def test_the_catalogue_needs_credentials(api):
    assert api().get("/api/v1/service-catalogue/").status_code == 401


def test_a_worker_creates_then_changes_a_victims_plan_with_history(api, cast, victim):
    created = api(cast.sw).post(plan_url(victim), PLAN, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["goal"] == PLAN["goal"] and body["addresses_cse"] is True and body["services"] == []
    changed = api(cast.supervisor).put(plan_url(victim), PLAN | {"goal": "Reunification"}, format="json")
    assert changed.status_code == 200
    plan = CasePlan.objects.get(client=victim)
    assert plan.goal == "Reunification"
    history = list(plan.history.order_by("history_date"))
    assert [h.history_user for h in history] == [cast.sw, cast.supervisor]
    assert [h.history_change_reason for h in history] == ["Case plan created", "Case plan changed"]


def test_reading_a_plan_is_a_read_of_the_childs_record(api, cast, plan):
    response = api(cast.po).get(plan_url(plan.client))
    assert response.status_code == 200
    event = AccessEvent.objects.get(user=cast.po)
    assert event.via == "api" and event.record_id == str(plan.client.pk)


def test_a_child_not_identified_gets_no_plan(api, cast, child):
    response = api(cast.sw).post(plan_url(child), PLAN, format="json")
    assert response.status_code == 400
    assert "client" in response.json()
    assert not CasePlan.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"assessment_date": "2026-02-02"}, "assessment_date"),  # tomorrow in the county
        ({"assessment_date": "2010-01-01"}, "assessment_date"),  # before birth
        ({"assessment_date": "not a date"}, "assessment_date"),
        ({"goal": "   "}, "goal"),
        ({"addresses_cse": False}, "addresses_cse"),
    ],
)
def test_bad_plan_input_is_a_field_error_and_saves_nothing(api, cast, victim, change, field):
    response = api(cast.sw).post(plan_url(victim), PLAN | change, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CasePlan.objects.exists()


def test_a_county_admin_may_not_write_a_plan(api, cast, victim):
    assert api(cast.admin).post(plan_url(victim), PLAN, format="json").status_code == 403


def test_services_from_the_catalogue_or_free_text_move_through_their_statuses(api, cast, plan):
    worker = api(cast.sw)
    url = f"/api/v1/case-plans/{plan.pk}/services/"
    housing = worker.post(url, SERVICE, format="json")
    assert housing.status_code == 201, housing.json()
    assert housing.json()["status"] == "referred" and housing.json()["group"] == "victim"
    other = worker.post(
        url,
        {"description": "Art therapy group", "provider": "Studio", "referred_on": "2026-01-12"},
        format="json",
    )
    assert other.status_code == 201 and other.json()["group"] is None

    service_url = f"/api/v1/services/{housing.json()['id']}/"
    no_start = worker.patch(service_url, {"status": "active"}, format="json")
    assert no_start.status_code == 400 and "started_on" in no_start.json()
    active = worker.patch(service_url, {"status": "active", "started_on": "2026-01-15"}, format="json")
    assert active.status_code == 200 and active.json()["status"] == "active"
    no_end = worker.patch(service_url, {"status": "completed"}, format="json")
    assert no_end.status_code == 400 and "ended_on" in no_end.json()
    done = worker.patch(service_url, {"status": "completed", "ended_on": "2026-01-31"}, format="json")
    assert done.status_code == 200
    declined = worker.patch(f"/api/v1/services/{other.json()['id']}/", {"status": "declined"}, format="json")
    assert declined.json()["status"] == "declined"

    service = PlannedService.objects.get(pk=housing.json()["id"])
    reasons = [h.history_change_reason for h in service.history.order_by("history_date")]
    assert reasons == [
        "Service added to the case plan",
        "Service status referred → active",
        "Service status active → completed",
    ]
    assert {h.history_user for h in service.history.all()} == {cast.sw}
    listed = worker.get(url).json()["results"]
    assert {s["status"] for s in listed} == {"completed", "declined"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"service_code": "yoga"}, "service_code"),
        ({"service_code": "", "description": ""}, "description"),
        ({"provider": ""}, "provider"),
        ({"status": "paused"}, "status"),
        ({"referred_on": "2026-03-01"}, "referred_on"),
        ({"started_on": "2026-01-11"}, "started_on"),  # before the referral
        ({"status": "completed", "started_on": "2026-01-20", "ended_on": "2026-01-19"}, "ended_on"),
    ],
)
def test_bad_service_input_is_a_field_error(api, cast, plan, payload, field):
    response = api(cast.sw).post(f"/api/v1/case-plans/{plan.pk}/services/", SERVICE | payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not PlannedService.objects.exists()


def test_a_cft_meeting_records_who_took_part_and_what_was_decided(api, cast, plan):
    url = f"/api/v1/case-plans/{plan.pk}/cft-meetings/"
    meeting = {
        "held_on": "2026-01-20",
        "child_participated": True,
        "caregiver_participated": True,
        "participants": "Resource parent; CASA volunteer; therapist",
        "decisions": "Start specialized counseling weekly.",
    }
    response = api(cast.sw).post(url, meeting, format="json")
    assert response.status_code == 201, response.json()
    saved = CftMeeting.objects.get()
    assert saved.child_participated and saved.caregiver_participated
    assert saved.history.get().history_user == cast.sw
    assert api(cast.sw).get(f"/api/v1/clients/{plan.client_id}/case-plan/").json()["cft_meetings"][0][
        "id"
    ] == str(saved.pk)
    future = api(cast.sw).post(url, meeting | {"held_on": "2026-02-02"}, format="json")
    assert future.status_code == 400 and set(future.json()) == {"held_on"}
    blank = api(cast.sw).post(url, meeting | {"decisions": " "}, format="json")
    assert blank.status_code == 400 and set(blank.json()) == {"decisions"}
    assert CftMeeting.objects.count() == 1


def test_another_countys_plan_services_and_meetings_are_not_found(api, cast, plan):
    service = api(cast.sw).post(f"/api/v1/case-plans/{plan.pk}/services/", SERVICE, format="json").json()
    other = api(cast.sw_b)
    assert other.get(f"/api/v1/clients/{plan.client_id}/case-plan/").status_code == 404
    assert other.put(f"/api/v1/clients/{plan.client_id}/case-plan/", PLAN, format="json").status_code == 404
    assert other.get(f"/api/v1/case-plans/{plan.pk}/").status_code == 404
    assert other.post(f"/api/v1/case-plans/{plan.pk}/services/", SERVICE, format="json").status_code == 404
    assert other.get(f"/api/v1/case-plans/{plan.pk}/cft-meetings/").status_code == 404
    assert (
        other.patch(f"/api/v1/services/{service['id']}/", {"status": "declined"}, format="json").status_code
        == 404
    )
    assert other.get("/api/v1/services/not-a-uuid/").status_code == 404
    assert PlannedService.objects.get().status == "referred"


def test_the_endpoints_are_in_the_openapi_schema(api, cast):
    paths = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path in (
        "/api/v1/service-catalogue/",
        "/api/v1/clients/{client_id}/case-plan/",
        "/api/v1/case-plans/{id}/services/",
        "/api/v1/case-plans/{id}/cft-meetings/",
        "/api/v1/services/{id}/",
        "/api/v1/case-plan-flags/",
    ):
        assert path in paths


def test_the_county_admin_sets_the_days_with_history(api, cast):
    url = "/api/v1/case-plan-settings/"
    assert api(cast.sw).get(url).json() == {"plan_due_days": 30}
    assert api(cast.sw).put(url, {"plan_due_days": 14}, format="json").status_code == 403
    assert api(cast.supervisor).put(url, {"plan_due_days": 14}, format="json").status_code == 403
    for bad in (0, 366, "soon", None):
        response = api(cast.admin).put(url, {"plan_due_days": bad}, format="json")
        assert response.status_code == 400 and "plan_due_days" in response.json()
    assert api(cast.admin).put(url, {"plan_due_days": 14}, format="json").json() == {"plan_due_days": 14}
    assert api(cast.sw).get(url).json() == {"plan_due_days": 14}
    assert api(cast.sw_b).get(url).json() == {"plan_due_days": 30}
    settings = CaseplanSettings.objects.get(county=cast.admin.county)
    assert settings.history.get().history_user == cast.admin


def test_the_days_service_refuses_another_countys_protocol(cast):
    with pytest.raises(PermissionDenied):
        services.plan_due_days_set(user=cast.admin, county=cast.sw_b.county, days=10)
    with pytest.raises(ValidationError):
        services.plan_due_days_set(user=cast.admin, county=cast.admin.county, days=True)
