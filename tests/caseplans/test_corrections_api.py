"""Corrections and entries made in error over the API: the plan, its services and its CFT meetings. A correction
keeps both versions in history with who and why; an entry marked entered in error stays, answers
`entered_in_error: true`, no longer counts for the plan flag and takes no further change."""

from datetime import date

import pytest

from caseplans import selectors, services
from caseplans.models import CasePlan, CftMeeting, PlannedService

from .conftest import PLAN

pytestmark = pytest.mark.django_db

MEETING = {
    "held_on": "2026-01-20",
    "child_participated": True,
    "participants": "Resource parent; therapist",
    "decisions": "Weekly counseling",
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    # 6 p.m. on February 1 in Alameda (February 2 in UTC); the victim was identified on January 5.
    time_machine.move_to("2026-02-01 18:00:00-08:00", tick=False)


@pytest.fixture
def housing(cast, plan) -> PlannedService:
    return services.service_add(
        user=cast.sw,
        plan=plan,
        service_code="safe_housing",
        provider="Safe Homes",
        referred_on=date(2026, 1, 12),
    )


@pytest.fixture
def meeting(cast, plan) -> CftMeeting:
    return services.cft_meeting_add(
        user=cast.sw,
        plan=plan,
        held_on=date(2026, 1, 20),
        participants="Foster parent",
        decisions="Counseling",
    )


def reasons(record) -> list[str]:
    return [h.history_change_reason for h in record.history.order_by("history_date", "history_id")]


def flag_reason(client, time_machine) -> str | None:
    """The child's flag as of February 10, past the 30 days after identification."""
    time_machine.move_to("2026-02-10 12:00:00-08:00", tick=False)
    flag = selectors.plan_flag(type(client).objects.get(pk=client.pk))
    return flag.reason if flag else None


def test_a_service_correction_keeps_both_versions_with_who_and_why(api, cast, housing):
    url = f"/api/v1/services/{housing.pk}/"
    answer = api(cast.supervisor).patch(
        url, {"provider": "Bay Safe Homes", "reason": "Wrong clinic"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["provider"] == "Bay Safe Homes" and answer.json()["entered_in_error"] is False
    rows = list(housing.history.order_by("history_date", "history_id"))
    assert [r.provider for r in rows] == ["Safe Homes", "Bay Safe Homes"]
    assert [r.history_user for r in rows] == [cast.sw, cast.supervisor]
    assert reasons(housing) == ["Service added to the case plan", "Corrected: Wrong clinic"]
    # Without a reason it stays an ordinary change.
    assert api(cast.sw).patch(url, {"status": "declined"}, format="json").status_code == 200
    assert reasons(housing)[-1] == "Service status referred → declined"


def test_the_plan_is_corrected_by_patch_or_put_with_an_optional_reason(api, cast, plan):
    patched = api(cast.sw).patch(
        f"/api/v1/case-plans/{plan.pk}/", {"goal": "Reunification", "reason": "Goal misheard"}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    assert patched.json()["goal"] == "Reunification"
    put = api(cast.po).put(f"/api/v1/clients/{plan.client_id}/case-plan/", PLAN, format="json")
    assert put.status_code == 200
    assert reasons(plan) == ["Case plan created", "Corrected: Goal misheard", "Case plan changed"]
    assert [h.goal for h in plan.history.order_by("history_date", "history_id")] == [
        "Safety and stability",
        "Reunification",
        PLAN["goal"],
    ]
    refused = api(cast.sw).patch(f"/api/v1/case-plans/{plan.pk}/", {"addresses_cse": False}, format="json")
    assert refused.status_code == 400 and "addresses_cse" in refused.json()


def test_a_meeting_is_corrected_only_with_a_reason_and_under_the_rules_of_its_recording(api, cast, meeting):
    url = f"/api/v1/cft-meetings/{meeting.pk}/"
    worker = api(cast.sw)
    assert worker.get(url).json()["decisions"] == "Counseling"
    no_reason = worker.patch(url, {"decisions": "Weekly counseling"}, format="json")
    assert no_reason.status_code == 400 and set(no_reason.json()) == {"reason"}
    future = worker.patch(url, {"held_on": "2026-02-02", "reason": "Date"}, format="json")
    assert future.status_code == 400 and set(future.json()) == {"held_on"}
    same = worker.patch(url, {"decisions": "Counseling", "reason": "No change"}, format="json")
    assert same.status_code == 400 and "non_field_errors" in same.json()
    done = worker.patch(
        url,
        {"decisions": "Weekly counseling", "caregiver_participated": True, "reason": "Notes"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["decisions"] == "Weekly counseling" and done.json()["caregiver_participated"] is True
    rows = list(meeting.history.order_by("history_date", "history_id"))
    assert [r.decisions for r in rows] == ["Counseling", "Weekly counseling"]
    assert reasons(meeting) == ["Child and Family Team meeting recorded", "Corrected: Notes"]


def test_voiding_the_only_cse_service_flags_the_plan_again(api, cast, housing, time_machine):
    assert flag_reason(housing.case_plan.client, time_machine) is None
    answer = api(cast.sw).post(
        f"/api/v1/services/{housing.pk}/void/", {"reason": "Other child's"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["entered_in_error"] is True and body["entered_in_error_reason"] == "Other child's"
    assert body["entered_in_error_at"].startswith("2026-02-10") and body["entered_in_error_by"] == str(
        cast.sw.pk
    )
    assert flag_reason(housing.case_plan.client, time_machine) == "no_cse_service"
    flagged = api(cast.sw).get("/api/v1/case-plan-flags/").json()["results"]
    assert [row["reason"] for row in flagged] == ["no_cse_service"]
    listed = api(cast.sw).get(f"/api/v1/case-plans/{housing.case_plan_id}/services/").json()["results"]
    assert [(s["id"], s["entered_in_error"]) for s in listed] == [(str(housing.pk), True)]
    assert reasons(housing)[-1] == "Service entered in error: Other child's"


def test_an_entry_in_error_takes_no_change_and_no_second_mark(api, cast, housing, meeting):
    worker = api(cast.sw)
    assert (
        worker.post(f"/api/v1/services/{housing.pk}/void/", {"reason": "Dup"}, format="json").status_code
        == 200
    )
    assert (
        worker.post(f"/api/v1/cft-meetings/{meeting.pk}/void/", {"reason": "Dup"}, format="json").status_code
        == 200
    )
    for call, url, body in (
        (worker.patch, f"/api/v1/services/{housing.pk}/", {"status": "active", "started_on": "2026-01-15"}),
        (worker.patch, f"/api/v1/cft-meetings/{meeting.pk}/", {"decisions": "Other", "reason": "Fix"}),
        (worker.post, f"/api/v1/services/{housing.pk}/void/", {"reason": "Again"}),
        (worker.post, f"/api/v1/cft-meetings/{meeting.pk}/void/", {"reason": "Again"}),
    ):
        answer = call(url, body, format="json")
        assert answer.status_code == 400 and "non_field_errors" in answer.json(), url
    housing.refresh_from_db()
    meeting.refresh_from_db()
    assert housing.status == "referred" and housing.entered_in_error_reason == "Dup"
    assert meeting.decisions == "Counseling" and meeting.entered_in_error_reason == "Dup"


@pytest.mark.parametrize(
    "body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None}, {"reason": "x" * 1001}]
)
def test_a_mark_without_a_fit_reason_is_a_field_error(api, cast, housing, meeting, plan, body):
    for url in (
        f"/api/v1/services/{housing.pk}/void/",
        f"/api/v1/cft-meetings/{meeting.pk}/void/",
        f"/api/v1/case-plans/{plan.pk}/void/",
    ):
        answer = api(cast.sw).post(url, body, format="json")
        assert answer.status_code == 400 and set(answer.json()) == {"reason"}, url
    assert not CasePlan.objects.filter(entered_in_error_at__isnull=False).exists()
    assert not PlannedService.objects.filter(entered_in_error_at__isnull=False).exists()
    assert not CftMeeting.objects.filter(entered_in_error_at__isnull=False).exists()


def test_a_plan_entered_in_error_leaves_the_child_without_one_until_it_is_created_again(
    api, cast, housing, meeting, time_machine
):
    plan = housing.case_plan
    client_url = f"/api/v1/clients/{plan.client_id}/case-plan/"
    answer = api(cast.sw).post(
        f"/api/v1/case-plans/{plan.pk}/void/", {"reason": "Wrong child"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["entered_in_error"] is True and body["goal"] == "Safety and stability"
    assert [s["entered_in_error"] for s in body["services"] + body["cft_meetings"]] == [True, True]
    assert body["services"][0]["entered_in_error_reason"] == "Its case plan was entered in error: Wrong child"
    missing = api(cast.sw).get(client_url)
    assert missing.status_code == 404 and "entered in error" in missing.json()["detail"]
    worker = api(cast.sw)
    assert worker.patch(f"/api/v1/case-plans/{plan.pk}/", {"goal": "x"}, format="json").status_code == 400
    added = worker.post(
        f"/api/v1/case-plans/{plan.pk}/services/",
        {"provider": "P", "description": "D", "referred_on": "2026-01-20"},
        format="json",
    )
    assert added.status_code == 400 and "non_field_errors" in added.json()
    assert flag_reason(plan.client, time_machine) == "no_plan"

    again = api(cast.sw).post(client_url, PLAN, format="json")
    assert again.status_code == 201, again.json()
    assert again.json()["id"] == str(plan.pk) and again.json()["entered_in_error"] is False
    assert [s["entered_in_error"] for s in again.json()["services"]] == [True]
    assert flag_reason(plan.client, time_machine) == "no_cse_service"
    assert reasons(plan) == [
        "Case plan created",
        "Case plan entered in error: Wrong child",
        "Case plan created again: the earlier one was entered in error",
    ]
    assert api(cast.sw).get(client_url).status_code == 200


def test_a_meeting_held_before_the_late_entry_window_needs_a_reason(api, cast, plan):
    url = f"/api/v1/case-plans/{plan.pk}/cft-meetings/"
    old = MEETING | {"held_on": "2025-12-20"}  # 43 days before February 1; the window is 30
    refused = api(cast.sw).post(url, old, format="json")
    assert refused.status_code == 400 and set(refused.json()) == {"held_on"}
    assert "late entry" in refused.json()["held_on"][0]
    blank = api(cast.sw).post(url, old | {"late_entry_reason": "  "}, format="json")
    assert blank.status_code == 400 and set(blank.json()) == {"held_on"}
    accepted = api(cast.sw).post(
        url, old | {"late_entry_reason": "Notes found in a closed file"}, format="json"
    )
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["late_entry_reason"] == "Notes found in a closed file"
    assert api(cast.sw).post(url, MEETING, format="json").status_code == 201  # 12 days: no reason needed
    cast.sw.county.late_entry_days = 60
    cast.sw.county.save()
    assert api(cast.sw).post(url, old, format="json").status_code == 201


def test_a_correction_judges_the_window_from_the_day_the_meeting_was_recorded(
    api, cast, meeting, time_machine
):
    time_machine.move_to("2026-03-20 12:00:00-07:00", tick=False)  # seven weeks later
    url = f"/api/v1/cft-meetings/{meeting.pk}/"
    typo = api(cast.sw).patch(url, {"held_on": "2026-01-19", "reason": "Typo in the date"}, format="json")
    assert typo.status_code == 200, typo.json()
    too_old = api(cast.sw).patch(url, {"held_on": "2025-12-01", "reason": "Date"}, format="json")
    assert too_old.status_code == 400 and set(too_old.json()) == {"held_on"}
    with_reason = {"held_on": "2025-12-01", "late_entry_reason": "Held before the referral", "reason": "Date"}
    assert api(cast.sw).patch(url, with_reason, format="json").status_code == 200


def test_service_and_plan_dates_are_not_windowed_but_still_checked(api, cast, plan):
    url = f"/api/v1/case-plans/{plan.pk}/services/"
    long_ago = {"description": "Mentoring", "provider": "Mentors", "referred_on": "2025-06-01"}
    assert api(cast.sw).post(url, long_ago, format="json").status_code == 201
    for bad in ("2026-02-02", "2011-03-13"):  # tomorrow in the county; the day before the child's birth
        answer = api(cast.sw).post(url, long_ago | {"referred_on": bad}, format="json")
        assert answer.status_code == 400 and set(answer.json()) == {"referred_on"}
    plan_url = f"/api/v1/case-plans/{plan.pk}/"
    assert api(cast.sw).patch(plan_url, {"assessment_date": "2025-06-01"}, format="json").status_code == 200
    answer = api(cast.sw).patch(plan_url, {"assessment_date": "2026-02-02"}, format="json")
    assert answer.status_code == 400 and set(answer.json()) == {"assessment_date"}


def test_a_county_admin_is_refused_every_correction_and_mark(api, cast, housing, meeting):
    admin = api(cast.admin)
    plan = housing.case_plan
    for call, url, body in (
        (admin.patch, f"/api/v1/case-plans/{plan.pk}/", {"goal": "x", "reason": "r"}),
        (admin.patch, f"/api/v1/services/{housing.pk}/", {"provider": "x", "reason": "r"}),
        (admin.patch, f"/api/v1/cft-meetings/{meeting.pk}/", {"decisions": "x", "reason": "r"}),
        (admin.patch, f"/api/v1/cft-meetings/{meeting.pk}/", {}),  # refused before its input is read
        (admin.post, f"/api/v1/case-plans/{plan.pk}/void/", {"reason": "r"}),
        (admin.post, f"/api/v1/services/{housing.pk}/void/", {"reason": "r"}),
        (admin.post, f"/api/v1/cft-meetings/{meeting.pk}/void/", {"reason": "r"}),
    ):
        assert call(url, body, format="json").status_code == 403, url
    assert admin.get(f"/api/v1/cft-meetings/{meeting.pk}/").status_code == 200  # reading is allowed
    plan.refresh_from_db()
    assert plan.goal == "Safety and stability" and not plan.entered_in_error
    assert len(reasons(housing)) == len(reasons(meeting)) == 1


def test_another_countys_entries_are_not_found(api, cast, housing, meeting):
    other = api(cast.sw_b)
    plan = housing.case_plan
    for call, url in (
        (other.get, f"/api/v1/cft-meetings/{meeting.pk}/"),
        (other.patch, f"/api/v1/cft-meetings/{meeting.pk}/"),
        (other.patch, f"/api/v1/case-plans/{plan.pk}/"),
        (other.post, f"/api/v1/case-plans/{plan.pk}/void/"),
        (other.post, f"/api/v1/services/{housing.pk}/void/"),
        (other.post, f"/api/v1/cft-meetings/{meeting.pk}/void/"),
        (other.post, "/api/v1/cft-meetings/not-a-uuid/void/"),
    ):
        assert call(url, {"reason": "r", "decisions": "x", "goal": "x"}, format="json").status_code == 404, (
            url
        )
    assert not PlannedService.objects.filter(entered_in_error_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"held_on": "2026-02-30"}, "held_on"),
        ({"held_on": "99999-01-01"}, "held_on"),
        ({"held_on": "0001-01-01"}, "held_on"),  # before the child's birth
        ({"held_on": "2026-13-01"}, "held_on"),
        ({"held_on": 20260120}, "held_on"),
        ({"participants": "   "}, "participants"),
        ({"child_participated": "maybe"}, "child_participated"),
        ({"late_entry_reason": "x" * 1001}, "late_entry_reason"),
        ({"reason": "x" * 1001}, "reason"),
        ({"reason": ["a list"]}, "reason"),
        ({"reason": {"$ne": ""}}, "reason"),
    ],
)
def test_bad_correction_input_is_a_field_error_never_a_server_error(api, cast, meeting, body, field):
    answer = api(cast.sw).patch(
        f"/api/v1/cft-meetings/{meeting.pk}/", {"reason": "Fix"} | body, format="json"
    )
    assert answer.status_code == 400 and field in answer.json(), answer.content
    meeting.refresh_from_db()
    assert meeting.held_on == date(2026, 1, 20) and len(reasons(meeting)) == 1


@pytest.mark.parametrize(
    "reason",
    [
        "<script>alert('x')</script>",
        "Robert'); DROP TABLE caseplans_cftmeeting;--",
        "ضحية 🚸 \u202e",
        "a\tb\nc",
    ],
)
def test_hostile_reasons_are_kept_verbatim_as_text(api, cast, meeting, reason):
    answer = api(cast.sw).post(f"/api/v1/cft-meetings/{meeting.pk}/void/", {"reason": reason}, format="json")
    assert answer.status_code == 200
    assert answer.json()["entered_in_error_reason"] == reason.strip()


def test_malformed_bodies_are_refused_whole(api, cast, meeting):
    url = f"/api/v1/cft-meetings/{meeting.pk}/void/"
    assert api(cast.sw).post(url, "{not json", content_type="application/json").status_code == 400
    assert api(cast.sw).post(url, {"reason": "a\x00b"}, format="json").status_code == 400
    assert api(cast.sw).post(url, ["reason"], format="json").status_code == 400
    assert not CftMeeting.objects.get().entered_in_error


def test_the_new_endpoints_are_in_the_schema_with_their_refusals(api, cast):
    paths = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    for path, method in (
        ("/api/v1/case-plans/{id}/", "patch"),
        ("/api/v1/case-plans/{id}/void/", "post"),
        ("/api/v1/services/{id}/", "patch"),
        ("/api/v1/services/{id}/void/", "post"),
        ("/api/v1/cft-meetings/{id}/", "patch"),
        ("/api/v1/cft-meetings/{id}/void/", "post"),
    ):
        assert {"200", "400", "403", "404"} <= set(paths[path][method]["responses"]), path
