"""Petitions over the API (API.md, "Added in v1.1"): create, correct, history, county scoping and bad input. Bad
input is a 400 naming the field, never a 500; another county's child or petition is a 404; a county admin reads
and writes no casework (403)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AccessEvent
from petitions.models import Petition

from .conftest import BEHAVIOURS

pytestmark = pytest.mark.django_db


def petitions_url(child) -> str:
    return f"/api/v1/clients/{child.pk}/petitions/"


@pytest.fixture
def created(api, cast, child, b2_payload) -> dict:
    answer = api(cast.sw).post(petitions_url(child), b2_payload, format="json")
    assert answer.status_code == 201, answer.json()
    return answer.json()


def test_a_worker_records_a_b2_petition_with_the_parents_protective_behaviours(
    api, cast, child, created, neglect
):
    assert set(created) >= {
        "id",
        "wic_300_subdivision",
        "allegations",
        "filed_at",
        "hearings",
        "outcome",
        "protective_behaviours",
        "entered_in_error",
    }
    assert created["wic_300_subdivision"] == "b2" and created["client"] == str(child.pk)
    assert created["allegations"][0] == str(neglect.pk)
    assert created["filed_at"] == "2026-02-24" and created["outcome"] is None
    assert [h["kind"] for h in created["hearings"]] == ["detention", "jurisdiction"]
    assert created["protective_behaviours"] == BEHAVIOURS
    assert created["entered_in_error"] is False
    petition = Petition.objects.get(pk=created["id"])
    assert petition.history.get().history_user == cast.sw
    shown = api(cast.supervisor).get(f"/api/v1/petitions/{created['id']}/")
    assert shown.status_code == 200 and shown.json() == created
    assert AccessEvent.objects.filter(
        user=cast.supervisor, record_type="petitions.petition", record_id=created["id"]
    ).exists()


def test_a_petition_under_d_answers_no_checklist(api, cast, child, d_payload):
    answer = api(cast.po).post(petitions_url(child), d_payload, format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["protective_behaviours"] == {} and answer.json()["hearings"] == []


def test_the_childs_petitions_are_listed_by_cursor_latest_filed_first(api, cast, child, d_payload):
    worker = api(cast.sw)
    for day in ("2026-02-21", "2026-02-27", "2026-02-24"):
        assert (
            worker.post(petitions_url(child), {**d_payload, "filed_at": day}, format="json").status_code
            == 201
        )
    seen, url = [], petitions_url(child) + "?page_size=2"
    while url:
        page = worker.get(url).json()
        seen += [p["filed_at"] for p in page["results"]]
        url = page["next"]
    assert seen == ["2026-02-27", "2026-02-24", "2026-02-21"]
    assert AccessEvent.objects.filter(user=cast.sw, record_type="petitions.petition").count() == 3
    assert AccessEvent.objects.filter(
        user=cast.sw, record_type="referrals.client", record_id=str(child.pk)
    ).exists()
    assert worker.get(petitions_url(child) + "?cursor=garbage").status_code == 404


def test_a_correction_needs_a_reason_and_history_keeps_both_versions(api, cast, created):
    url = f"/api/v1/petitions/{created['id']}/"
    worker = api(cast.sw)
    no_reason = worker.patch(url, {"outcome": "sustained"}, format="json")
    assert no_reason.status_code == 400 and set(no_reason.json()) == {"reason"}
    hearings = [*created["hearings"], {"date": "2026-09-18", "kind": "review", "note": "Six-month review"}]
    done = worker.patch(
        url,
        {"outcome": "sustained", "hearings": hearings, "reason": "Sustained at the jurisdiction hearing"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["outcome"] == "sustained" and len(done.json()["hearings"]) == 3
    assert done.json()["protective_behaviours"] == BEHAVIOURS
    rows = list(Petition.objects.get(pk=created["id"]).history.order_by("history_date", "history_id"))
    assert [(r.outcome, len(r.hearings)) for r in rows] == [("", 2), ("sustained", 3)]
    assert rows[-1].history_change_reason == "Petition corrected: Sustained at the jurisdiction hearing"
    nothing = worker.patch(url, {"outcome": "sustained", "reason": "Again"}, format="json")
    assert nothing.status_code == 400 and "non_field_errors" in nothing.json()
    pending = worker.patch(url, {"outcome": None, "reason": "Appealed: pending again"}, format="json")
    assert pending.status_code == 200 and pending.json()["outcome"] is None


def test_moving_a_petition_to_d_clears_the_checklist_only_when_asked(api, cast, created):
    url = f"/api/v1/petitions/{created['id']}/"
    kept = api(cast.sw).patch(url, {"wic_300_subdivision": "d", "reason": "Counsel chose (d)"}, format="json")
    assert kept.status_code == 400 and set(kept.json()) == {"protective_behaviours"}
    moved = api(cast.sw).patch(
        url,
        {"wic_300_subdivision": "d", "protective_behaviours": {}, "reason": "Counsel chose (d)"},
        format="json",
    )
    assert moved.status_code == 200 and moved.json()["protective_behaviours"] == {}


def test_a_petition_entered_in_error_is_kept_and_takes_no_change(api, cast, created):
    url = f"/api/v1/petitions/{created['id']}/"
    assert api(cast.sw).post(url + "void/", {}, format="json").status_code == 400
    voided = api(cast.sw).post(url + "void/", {"reason": "Filed for the wrong child"}, format="json")
    assert voided.status_code == 200
    assert voided.json()["entered_in_error"] is True
    assert voided.json()["entered_in_error_reason"] == "Filed for the wrong child"
    refused = api(cast.sw).patch(url, {"outcome": "dismissed", "reason": "x"}, format="json")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    assert (
        api(cast.sw)
        .get(petitions_url(Petition.objects.get().client))
        .json()["results"][0]["entered_in_error"]
    )


def test_another_county_finds_neither_the_child_nor_the_petition(api, cast, child, created, b2_payload):
    butte = api(cast.sw_b)
    url = f"/api/v1/petitions/{created['id']}/"
    assert butte.get(petitions_url(child)).status_code == 404
    assert butte.post(petitions_url(child), b2_payload, format="json").status_code == 404
    assert butte.get(url).status_code == 404
    assert butte.patch(url, {"outcome": "dismissed", "reason": "x"}, format="json").status_code == 404
    assert butte.post(url + "void/", {"reason": "x"}, format="json").status_code == 404
    assert api(cast.sw).get("/api/v1/petitions/not-a-uuid/").status_code == 404
    assert Petition.objects.get().outcome == ""


def test_a_county_admin_reads_petitions_and_writes_none(api, cast, child, created, b2_payload):
    admin = api(cast.admin)
    url = f"/api/v1/petitions/{created['id']}/"
    assert admin.get(url).status_code == 200
    assert admin.get(petitions_url(child)).status_code == 200
    # Refused before the input is read: even a bad body is a 403.
    assert admin.post(petitions_url(child), {"filed_at": "nope"}, format="json").status_code == 403
    assert admin.post(petitions_url(child), b2_payload, format="json").status_code == 403
    assert admin.patch(url, {"outcome": "dismissed", "reason": "x"}, format="json").status_code == 403
    assert admin.post(url + "void/", {"reason": "x"}, format="json").status_code == 403
    assert api().get(url).status_code == 401
    assert Petition.objects.count() == 1 and not Petition.objects.get().entered_in_error


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"filed_at": "2026-02-30"}, "filed_at"),
        ({"filed_at": "2026-13-01"}, "filed_at"),
        ({"filed_at": "24/02/2026"}, "filed_at"),
        ({"filed_at": "2026-02-24T10:00:00-08:00"}, "filed_at"),
        ({"filed_at": "9999-12-31"}, "filed_at"),
        ({"filed_at": "0001-01-01"}, "filed_at"),
        ({"filed_at": None}, "filed_at"),
        ({"hearings": [{"date": "2026-02-31", "kind": "review"}]}, "hearings"),
        ({"hearings": [{"date": "2026-03-05T10:00", "kind": "review"}]}, "hearings"),
        ({"hearings": [{"date": "99999-03-05", "kind": "review"}]}, "hearings"),
        ({"hearings": "2026-03-05"}, "hearings"),
        ({"hearings": [None]}, "hearings"),
        ({"wic_300_subdivision": "b3"}, "wic_300_subdivision"),
        ({"wic_300_subdivision": ""}, "wic_300_subdivision"),
        ({"outcome": "won"}, "outcome"),
        ({"allegations": "all"}, "allegations"),
        ({"allegations": [{"id": 1}]}, "allegations"),
        ({"allegations": []}, "allegations"),
        ({"protective_behaviours": ["reported_missing"]}, "protective_behaviours"),
        ({"protective_behaviours": {"reported_missing": True}}, "protective_behaviours"),
        ({"protective_behaviours": {}}, "protective_behaviours"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, cast, child, b2_payload, change, field):
    answer = api(cast.sw).post(petitions_url(child), {**b2_payload, **change}, format="json")
    assert answer.status_code == 400, answer.content
    assert field in answer.json()
    assert not Petition.objects.exists()


def test_another_childs_or_countys_allegation_is_a_400(
    api, cast, child, b2_payload, sibling_allegation, butte_allegation
):
    for other in (sibling_allegation, butte_allegation):
        answer = api(cast.sw).post(
            petitions_url(child), {**b2_payload, "allegations": [str(other.pk)]}, format="json"
        )
        assert answer.status_code == 400
        assert answer.json() == {"allegations": [f"Not an allegation of this child: {other.pk}."]}


def test_behaviours_on_a_petition_other_than_b2_are_a_400(api, cast, child, d_payload):
    answer = api(cast.sw).post(
        petitions_url(child), {**d_payload, "protective_behaviours": BEHAVIOURS}, format="json"
    )
    assert answer.status_code == 400
    assert answer.json() == {
        "protective_behaviours": [
            "Only a (b)(2) petition (failure or inability to protect) documents the parents' protective "
            "behaviours: leave them out."
        ]
    }


def test_the_checklist_messages_name_each_behaviour(api, cast, child, b2_payload):
    given = {"reported_missing": BEHAVIOURS["reported_missing"], "sought_help": {"present": True, "note": ""}}
    answer = api(cast.sw).post(
        petitions_url(child), {**b2_payload, "protective_behaviours": given}, format="json"
    )
    assert answer.status_code == 400
    messages = answer.json()["protective_behaviours"]
    assert messages == [
        "Tried to forbid or restrict contact with the exploiter: say whether the parents did this, with a note.",
        "Sought help from private or community organizations or resources: add a note: what the parents did, "
        "or why not.",
        "Willing and able to engage in a safety plan or take up voluntary services: say whether the parents did "
        "this, with a note.",
    ]


def test_nul_and_huge_text_are_a_400(api, cast, child, b2_payload, created):
    worker = api(cast.sw)
    nul = {**BEHAVIOURS, "sought_help": {"present": False, "note": "none\x00"}}
    answer = worker.post(petitions_url(child), {**b2_payload, "protective_behaviours": nul}, format="json")
    assert answer.status_code == 400
    huge = [{"date": "2026-03-05", "kind": "review", "note": "x" * 1_000_000}]
    answer = worker.post(petitions_url(child), {**b2_payload, "hearings": huge}, format="json")
    assert answer.status_code == 400 and answer.json() == {
        "hearings": ["Hearing 1: keep the note to 2000 characters."]
    }
    many = [{"date": "2026-03-05", "kind": "review"}] * 61
    assert (
        worker.post(petitions_url(child), {**b2_payload, "hearings": many}, format="json").status_code == 400
    )
    url = f"/api/v1/petitions/{created['id']}/"
    long_reason = worker.patch(url, {"outcome": "sustained", "reason": "why " * 400}, format="json")
    assert long_reason.status_code == 400 and set(long_reason.json()) == {"reason"}
    assert Petition.objects.count() == 1


def test_the_schema_documents_the_petitions_and_their_refusals(api, cast):
    paths = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    listed = next(p for p in paths if p.endswith("/clients/{client_id}/petitions/"))
    assert {"200", "201", "400", "403", "404"} <= set(paths[listed]["get"]["responses"]) | set(
        paths[listed]["post"]["responses"]
    )
    detail = next(p for p in paths if p.replace("{pk}", "{id}").endswith("/petitions/{id}/"))
    assert {"200", "400", "403", "404"} <= set(paths[detail]["patch"]["responses"])
    void = next(p for p in paths if p.replace("{pk}", "{id}").endswith("/petitions/{id}/void/"))
    assert {"200", "400", "403", "404"} <= set(paths[void]["post"]["responses"])


def test_the_list_costs_the_same_queries_for_2_petitions_as_for_12(api, cast, child, d_payload):
    def read() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            answer = api(cast.supervisor).get(petitions_url(child) + "?page_size=50")
        assert answer.status_code == 200
        return len(captured), len(answer.json()["results"])

    def add(count: int) -> None:
        for _ in range(count):
            assert api(cast.sw).post(petitions_url(child), d_payload, format="json").status_code == 201

    add(2)
    few, rows = read()
    add(10)
    many, more = read()
    assert (rows, more) == (2, 12) and many == few


def test_the_county_audit_export_names_who_recorded_and_corrected_a_petition(api, cast, created):
    url = f"/api/v1/petitions/{created['id']}/"
    assert (
        api(cast.sw)
        .patch(url, {"outcome": "amended", "reason": "Amended at trial"}, format="json")
        .status_code
        == 200
    )
    today = "2026-03-02"
    answer = api(cast.admin).get("/api/v1/audit/export/", {"since": today, "until": today})
    assert answer.status_code == 200
    body = b"".join(answer.streaming_content).decode()
    header, *lines = list(csv.reader(io.StringIO(body)))
    mine = [dict(zip(header, line, strict=False)) for line in lines if "petitions.petition" in line]
    changes = [(r["action"], r["user"], r["reason"]) for r in mine if r["action"] != "view"]
    assert changes == [
        ("create", "sw_a", "Petition recorded: WIC 300(b)(2)"),
        ("update", "sw_a", "Petition corrected: Amended at trial"),
    ]
    assert "amended" in next(r for r in mine if r["action"] == "update")["changes"]
