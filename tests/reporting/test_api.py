"""The episode, report, deadline and notification endpoints: contract, county scoping, bad input."""

from datetime import timedelta

import pytest
import time_machine

from accounts.models import AccessEvent
from referrals.models import MissingEpisode
from reporting import triggers
from reporting.enforcement import sweep
from reporting.models import Deadline, Report

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


def iso(value) -> str:
    return value.isoformat()


@pytest.fixture
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def post_episode(api, user, child, **extra):
    body = {
        "client": str(child.pk),
        "discovered_at": "2026-06-15T09:00:00-07:00",
        "circumstance": "runaway",
        "reasonably_believed_cse": True,
        "last_known_location": "Lake Merritt",
        "photo_release_contact": "Sol Worker",
        **extra,
    }
    return api(user).post("/api/v1/missing-episodes/", body, format="json")


def test_missing_episode_workflow_through_the_api(api, cast, child, travel) -> None:
    answer = post_episode(api, cast.sw, child)
    assert answer.status_code == 201, answer.json()
    episode = answer.json()
    assert episode["cse_concern"] is True and episode["returned_at"] is None
    base = f"/api/v1/missing-episodes/{episode['id']}/"

    clocks = api(cast.sw).get("/api/v1/deadlines/", {"missing_episode": episode["id"]}).json()["results"]
    assert sorted(c["kind"] for c in clocks) == [
        "law_enforcement_missing_report",
        "ncmec_report",
        "whereabouts_reconfirmation",
    ]
    assert {c["status"] for c in clocks} == {"open"}
    assert all(c["due_at"].endswith("+00:00") or c["due_at"].endswith("Z") for c in clocks)

    packet = api(cast.sw).get(base + "ncmec-packet/").json()
    assert packet["complete"] is False and "law_enforcement_report_number" in packet["missing"]

    report = api(cast.sw).post(
        "/api/v1/reports/",
        {
            "kind": "law_enforcement_missing",
            "client": str(child.pk),
            "missing_episode": episode["id"],
            "made_at": "2026-06-15T10:30:00-07:00",
            "method": "phone",
            "agency_name": "Oakland PD",
            "recipient": "Ofc. Diaz",
            "missing_person_report_number": "MP-1",
            "ncic_entry_confirmed": True,
        },
        format="json",
    )
    assert report.status_code == 201, report.json()
    assert len(report.json()["met_deadlines"]) == 1
    assert api(cast.sw).get(base + "ncmec-packet/").json()["complete"] is True

    attempt = api(cast.sw).post(
        base + "locate-attempts/", {"attempted_at": iso(NOW), "method": "Called school"}
    )
    assert attempt.status_code == 201
    assert api(cast.sw).post(base + "reconfirmations/", {"confirmed_at": iso(NOW)}).status_code == 201
    back = api(cast.sw).post(
        base + "return/", {"returned_at": iso(NOW), "absence_factors": "Conflict at home"}
    )
    assert back.status_code == 200 and back.json()["returned_at"] is not None
    kinds = set(Deadline.objects.filter(missing_episode_id=episode["id"]).values_list("kind", flat=True))
    assert {"return_assessment", "return_notice_law_enforcement"} <= kinds
    assert api(cast.sw).get(base).status_code == 200
    assert AccessEvent.objects.filter(record_id=episode["id"], via="api").count() >= 1


def test_every_new_endpoint_hides_another_countys_records(api, cast, child, travel) -> None:
    episode = post_episode(api, cast.sw, child).json()
    base = f"/api/v1/missing-episodes/{episode['id']}/"
    other = api(cast.sw_b)
    assert other.get(base).status_code == 404
    assert other.get(base + "ncmec-packet/").status_code == 404
    assert other.post(base + "locate-attempts/", {"attempted_at": iso(NOW), "method": "x"}).status_code == 404
    assert other.post(base + "reconfirmations/", {"confirmed_at": iso(NOW)}).status_code == 404
    assert other.post(base + "return/", {"returned_at": iso(NOW)}).status_code == 404
    assert post_episode(api, cast.sw_b, child, discovered_at="2026-06-10T09:00:00Z").status_code == 404
    report = {
        "kind": "law_enforcement",
        "client": str(child.pk),
        "made_at": iso(NOW),
        "method": "phone",
        "agency_name": "PD",
    }
    assert other.post("/api/v1/reports/", report, format="json").status_code == 404
    for path in ("missing-episodes/", "deadlines/", "reports/", "notifications/"):
        answer = other.get(f"/api/v1/{path}")
        assert answer.status_code == 200 and answer.json()["results"] == [], path
    assert MissingEpisode.objects.count() == 1 and Report.objects.count() == 0
    assert api().get("/api/v1/deadlines/").status_code in (401, 403)


def test_bad_input_is_400_and_saves_nothing(api, cast, child, travel) -> None:
    assert post_episode(api, cast.sw, child, circumstance="vanished").status_code == 400
    assert post_episode(api, cast.sw, child, discovered_at=iso(NOW + timedelta(minutes=1))).status_code == 400
    assert post_episode(api, cast.sw, child, client="not-a-uuid").status_code == 400
    assert MissingEpisode.objects.count() == 0
    episode = post_episode(api, cast.sw, child).json()
    before = Deadline.objects.count()
    early = api(cast.sw).post(
        f"/api/v1/missing-episodes/{episode['id']}/return/", {"returned_at": "2026-06-15T08:00:00-07:00"}
    )
    assert early.status_code == 400 and "returned_at" in early.json()
    report = {
        "kind": "law_enforcement",
        "client": str(child.pk),
        "made_at": iso(NOW + timedelta(hours=1)),
        "method": "phone",
        "agency_name": "PD",
    }
    assert api(cast.sw).post("/api/v1/reports/", report, format="json").status_code == 400
    assert (
        api(cast.sw).post("/api/v1/reports/", {**report, "kind": "police"}, format="json").status_code == 400
    )
    ncmec = {**report, "kind": "ncmec", "made_at": iso(NOW), "method": "web"}
    answer = api(cast.po).post("/api/v1/reports/", ncmec, format="json")
    assert answer.status_code == 400 and "method" in answer.json()
    assert api(cast.sw).get("/api/v1/deadlines/", {"kind": "nope"}).status_code == 400
    assert Report.objects.count() == 0 and Deadline.objects.count() == before
    assert MissingEpisode.objects.get().returned_at is None


def test_deadline_filters_and_notifications(api, cast, child, make_victim_row, travel) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=30)), cast.sw)
    assert (
        api(cast.sw).get("/api/v1/deadlines/", {"status": "overdue"}).json()["results"][0]["status"]
        == "overdue"
    )
    assert api(cast.sw).get("/api/v1/deadlines/", {"status": "open"}).json()["results"] == []
    sweep(NOW, send_email=False)
    mine = api(cast.sw).get("/api/v1/notifications/").json()["results"]
    assert [(n["kind"], n["read_at"]) for n in mine] == [("overdue", None)]
    assert len(api(cast.supervisor).get("/api/v1/notifications/").json()["results"]) == 1
    assert api(cast.po).get("/api/v1/notifications/").json()["results"] == []
