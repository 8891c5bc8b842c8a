"""`GET, POST clients/{id}/notes/`, `GET, PATCH notes/{id}/`, `POST notes/{id}/void/` (API.md, v1.1)."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessEvent
from notes import services
from notes.models import NOTE_MAX_LENGTH, CaseNote

from .conftest import minutes_ago

pytestmark = pytest.mark.django_db


def notes_url(child) -> str:
    return f"/api/v1/clients/{child.pk}/notes/"


def body(**fields):
    return {
        "kind": "collateral",
        "occurred_at": minutes_ago(45).isoformat(),
        "text": "Spoke with the school counselor.",
    } | fields


def test_a_worker_writes_a_note_and_gets_it_back(api, cast, child):
    when = minutes_ago(45)
    response = api(cast.sw).post(notes_url(child), body(occurred_at=when.isoformat()), format="json")
    assert response.status_code == 201, response.json()
    note = response.json()
    assert {"id", "kind", "occurred_at", "text", "author", "created_at"} <= set(note)
    assert note["author"] == str(cast.sw.pk) and note["author_name"] == "Sol Worker"
    assert note["kind"] == "collateral" and note["client"] == str(child.pk)
    assert note["entered_in_error"] is False
    assert datetime.fromisoformat(note["occurred_at"]) == when
    stored = CaseNote.objects.get(pk=note["id"])
    assert stored.history.get().history_user == cast.sw


def test_the_list_is_newest_first_and_cursor_paged(api, cast, child):
    for minutes in (300, 10, 120):
        services.note_create(
            user=cast.sw, client=child, kind="other", occurred_at=minutes_ago(minutes), text=f"{minutes}"
        )
    reader = api(cast.po)
    first = reader.get(f"{notes_url(child)}?page_size=2").json()
    assert set(first) == {"next", "previous", "results"}
    assert [n["text"] for n in first["results"]] == ["10", "120"]
    second = reader.get(first["next"]).json()
    assert [n["text"] for n in second["results"]] == ["300"] and second["next"] is None
    back = reader.get(second["previous"]).json()
    assert back["results"] == first["results"]


def test_a_list_and_a_read_are_access_events(api, cast, child, note):
    api(cast.supervisor).get(notes_url(child))
    api(cast.supervisor).get(f"/api/v1/notes/{note.pk}/")
    seen = AccessEvent.objects.filter(user=cast.supervisor)
    assert seen.filter(record_type="referrals.client", record_id=str(child.pk)).count() == 1
    assert seen.filter(record_type="notes.casenote", record_id=str(note.pk)).count() == 2


def test_the_list_costs_the_same_queries_for_2_notes_as_for_12(api, cast, child):
    reader = api(cast.supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(notes_url(child)).status_code == 200
        return len(captured)

    for n in range(2):
        services.note_create(
            user=cast.sw, client=child, kind="other", occurred_at=minutes_ago(n + 1), text="x"
        )
    few = queries()
    for n in range(10):
        services.note_create(
            user=cast.po, client=child, kind="court", occurred_at=minutes_ago(n + 5), text="y"
        )
    assert queries() == few


def test_another_county_answers_404_everywhere(api, cast, child, note):
    reader = api(cast.sw_b)
    assert reader.get(notes_url(child)).status_code == 404
    assert reader.post(notes_url(child), body(), format="json").status_code == 404
    assert reader.get(f"/api/v1/notes/{note.pk}/").status_code == 404
    assert (
        reader.patch(f"/api/v1/notes/{note.pk}/", {"text": "x", "reason": "y"}, format="json").status_code
        == 404
    )
    assert reader.post(f"/api/v1/notes/{note.pk}/void/", {"reason": "y"}, format="json").status_code == 404
    assert api(cast.sw).get("/api/v1/notes/not-a-uuid/").status_code == 404
    note.refresh_from_db()
    assert note.history.count() == 1 and not note.entered_in_error


def test_a_county_admin_reads_but_writes_no_note_403_before_any_400(api, cast, child, note):
    admin = api(cast.admin)
    assert admin.get(notes_url(child)).status_code == 200
    assert admin.post(notes_url(child), body(), format="json").status_code == 403
    assert admin.post(notes_url(child), {"kind": "nope"}, format="json").status_code == 403
    assert (
        admin.patch(f"/api/v1/notes/{note.pk}/", {"text": "x", "reason": "y"}, format="json").status_code
        == 403
    )
    assert admin.post(f"/api/v1/notes/{note.pk}/void/", {"reason": "y"}, format="json").status_code == 403
    assert CaseNote.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"kind": None}, "kind"),
        ({"occurred_at": "2026-02-30T10:00:00-08:00"}, "occurred_at"),
        ({"occurred_at": "2026-01-05T25:00:00-08:00"}, "occurred_at"),
        ({"occurred_at": "2026-01-05T10:00:00+25:00"}, "occurred_at"),
        ({"occurred_at": "2026-01-05T10:00:00"}, "occurred_at"),
        ({"occurred_at": "yesterday"}, "occurred_at"),
        ({"occurred_at": 1767600000}, "occurred_at"),
        ({"occurred_at": (timezone.now() + timedelta(hours=2)).isoformat()}, "occurred_at"),
        ({"occurred_at": "2011-05-01T10:00:00-07:00"}, "occurred_at"),
        ({"occurred_at": (timezone.now() - timedelta(days=40)).isoformat()}, "occurred_at"),
        ({"text": ""}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * (NOTE_MAX_LENGTH + 1)}, "text"),
        ({"text": ["a list"]}, "text"),
        ({"late_entry_reason": "x" * 1001}, "late_entry_reason"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api, cast, child, fields, field):
    response = api(cast.sw).post(notes_url(child), body(**fields), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not CaseNote.objects.exists()


def test_missing_fields_and_nul_text_are_400s(api, cast, child):
    response = api(cast.sw).post(notes_url(child), {}, format="json")
    assert response.status_code == 400
    assert {"kind", "occurred_at", "text"} <= set(response.json())
    nul = api(cast.sw).post(notes_url(child), body(text="a\x00b"), format="json")
    assert nul.status_code == 400
    assert not CaseNote.objects.exists()


def test_a_late_entry_with_its_reason_is_accepted(api, cast, child):
    old = (timezone.now() - timedelta(days=40)).isoformat()
    response = api(cast.sw).post(
        notes_url(child), body(occurred_at=old, late_entry_reason="From the court file"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["late_entry_reason"] == "From the court file"


def test_patch_is_a_correction_with_a_reason_and_history(api, cast, child, note):
    url = f"/api/v1/notes/{note.pk}/"
    no_reason = api(cast.sw).patch(url, {"text": "Changed"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    blank = api(cast.sw).patch(url, {"text": "Changed", "reason": ""}, format="json")
    assert blank.status_code == 400 and "reason" in blank.json()
    nothing = api(cast.sw).patch(url, {"reason": "because"}, format="json")
    assert nothing.status_code == 400 and "non_field_errors" in nothing.json()
    bad = api(cast.sw).patch(url, {"kind": "nope", "reason": "because"}, format="json")
    assert bad.status_code == 400 and "kind" in bad.json()
    done = api(cast.supervisor).patch(
        url,
        {"kind": "supervision", "text": "Reviewed in supervision.", "reason": "Wrong kind"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert done.json()["kind"] == "supervision" and done.json()["author"] == str(cast.sw.pk)
    versions = note.history.order_by("history_id")
    assert [v.kind for v in versions] == ["contact", "supervision"]
    assert versions.last().history_user == cast.supervisor
    assert versions.last().history_change_reason == "case note corrected: Wrong kind"


def test_void_marks_the_note_and_then_nothing_changes_it(api, cast, child, note):
    url = f"/api/v1/notes/{note.pk}/void/"
    assert api(cast.sw).post(url, {}, format="json").status_code == 400
    done = api(cast.sw).post(url, {"reason": "Wrong child"}, format="json")
    assert done.status_code == 200
    assert done.json()["entered_in_error"] is True and done.json()["entered_in_error_reason"] == "Wrong child"
    again = api(cast.sw).post(url, {"reason": "Again"}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    patch = api(cast.sw).patch(f"/api/v1/notes/{note.pk}/", {"text": "x", "reason": "y"}, format="json")
    assert patch.status_code == 400 and "non_field_errors" in patch.json()
    listed = api(cast.sw).get(notes_url(child)).json()["results"]
    assert [n["entered_in_error"] for n in listed] == [True]


def test_the_endpoints_are_documented_and_the_list_is_paginated(api, cast):
    schema = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    for path in ("/api/v1/clients/{id}/notes/", "/api/v1/notes/{id}/", "/api/v1/notes/{id}/void/"):
        assert path in paths
    listing = paths["/api/v1/clients/{id}/notes/"]["get"]
    answer = listing["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    page = schema["components"]["schemas"][answer.rsplit("/", 1)[-1]]
    assert {"next", "previous", "results"} <= set(page["properties"])
    assert "cursor" in {p["name"] for p in listing["parameters"]}
