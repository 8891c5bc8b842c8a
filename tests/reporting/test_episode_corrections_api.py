"""API.md v1.1 on missing episodes, locate attempts, reconfirmations, returns and reports: PATCH corrects with a
reason (history keeps both versions), POST .../void/ marks entered in error; refusals are 400s, never 500s;
county admins get 403, other counties 404."""

from datetime import timedelta

import pytest
import time_machine

from referrals.models import LocateAttempt, MissingEpisode, Reconfirmation
from reporting.episodes import episode_record, locate_attempt_record, reconfirmation_record
from reporting.models import Report
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
LONG_REASON = "The worker's notes show the child was seen at the group home that evening, not the next. " * 3


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def hours_ago(hours: float):
    return NOW - timedelta(hours=hours)


@pytest.fixture
def entries(cast, child):
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=hours_ago(30),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    attempt = locate_attempt_record(
        user=cast.sw, episode=episode, attempted_at=hours_ago(20), method="Called"
    )
    check = reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=hours_ago(10))
    report = report_record(
        user=cast.sw,
        kind="ncmec",
        client=child,
        missing_episode=episode,
        made_at=hours_ago(5),
        method="web",
        agency_name="NCMEC",
    )
    return {"episode": episode, "attempt": attempt, "reconfirmation": check, "report": report}


URLS = {
    "episode": "/api/v1/missing-episodes/{}/",
    "attempt": "/api/v1/locate-attempts/{}/",
    "reconfirmation": "/api/v1/reconfirmations/{}/",
    "report": "/api/v1/reports/{}/",
}
CORRECTIONS = {
    "episode": {"discovered_at": hours_ago(32).isoformat(), "last_known_location": "Fruitvale BART"},
    "attempt": {"attempted_at": hours_ago(21).isoformat(), "method": "Visited the school"},
    "reconfirmation": {"confirmed_at": hours_ago(11).isoformat(), "notes": "Police have no news"},
    "report": {"made_at": hours_ago(4).isoformat(), "ncmec_case_number": "NC-1"},
}
WHAT = {"episode": "missing episode", "attempt": "locate attempt", "reconfirmation": "reconfirmation"}


def url(entries, name: str) -> str:
    return URLS[name].format(entries[name].pk)


@pytest.mark.parametrize("name", sorted(URLS))
def test_each_entry_is_corrected_with_a_reason_and_history_keeps_both_versions(cast, api, entries, name):
    answer = api(cast.sw).patch(
        url(entries, name), {**CORRECTIONS[name], "reason": LONG_REASON}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["entered_in_error"] is False and body["entered_in_error_reason"] == ""
    assert {"late_entry_reason", "entered_in_error_at"} <= set(body)
    entry = type(entries[name]).objects.get(pk=entries[name].pk)
    latest, earlier = entry.history.all()[:2]
    assert latest.history_user == cast.sw
    assert latest.history_change_reason == f"{WHAT.get(name, name)} corrected: {LONG_REASON.strip()}"
    changed = {change.field for change in latest.diff_against(earlier).changes}
    assert set(CORRECTIONS[name]) <= changed
    assert api(cast.sw).get(url(entries, name)).json()["id"] == str(entries[name].pk)


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("reason", [None, "", "   ", "x" * 1001, True, {"text": "x"}])
def test_a_correction_needs_a_plausible_reason(cast, api, entries, name, reason):
    body = {**CORRECTIONS[name]} if reason is None else {**CORRECTIONS[name], "reason": reason}
    answer = api(cast.sw).patch(url(entries, name), body, format="json")
    assert answer.status_code == 400 and "reason" in answer.json(), answer.json()


@pytest.mark.parametrize("name", sorted(URLS))
def test_each_entry_is_marked_entered_in_error_once_and_then_takes_no_change(cast, api, entries, name):
    answer = api(cast.supervisor).post(url(entries, name) + "void/", {"reason": "Wrong child <b>twice</b>"})
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["entered_in_error"] is True and body["entered_in_error_reason"] == "Wrong child <b>twice</b>"
    assert body["entered_in_error_at"]
    entry = type(entries[name]).objects.get(pk=entries[name].pk)
    assert entry.entered_in_error_by == cast.supervisor
    assert entry.history.first().history_change_reason.endswith("entered in error: Wrong child <b>twice</b>")
    again = api(cast.sw).post(url(entries, name) + "void/", {"reason": "Again"}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    corrected = api(cast.sw).patch(url(entries, name), {**CORRECTIONS[name], "reason": "x"}, format="json")
    assert corrected.status_code == 400 and "non_field_errors" in corrected.json()


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": None}, {"reason": "x" * 1001}])
def test_marking_in_error_needs_a_reason(cast, api, entries, name, body):
    answer = api(cast.sw).post(url(entries, name) + "void/", body, format="json")
    assert answer.status_code == 400 and "reason" in answer.json(), answer.json()
    assert not type(entries[name]).objects.get(pk=entries[name].pk).entered_in_error


@pytest.mark.parametrize("name", sorted(URLS))
def test_a_county_admin_may_neither_correct_nor_mark_and_another_county_finds_nothing(
    cast, api, entries, name
):
    admin, other = api(cast.admin), api(cast.sw_b)
    body = {**CORRECTIONS[name], "reason": "x"}
    assert admin.patch(url(entries, name), body, format="json").status_code == 403
    assert admin.post(url(entries, name) + "void/", {"reason": "x"}, format="json").status_code == 403
    assert other.patch(url(entries, name), body, format="json").status_code == 404
    assert other.post(url(entries, name) + "void/", {"reason": "x"}, format="json").status_code == 404
    assert other.get(url(entries, name)).status_code == 404
    assert api(cast.sw).patch(URLS[name].format("not-a-uuid"), body, format="json").status_code == 404
    assert not type(entries[name]).objects.get(pk=entries[name].pk).entered_in_error


@pytest.mark.parametrize(
    ("name", "change", "field"),
    [
        ("episode", {"discovered_at": "1900-01-01T00:00:00Z"}, "discovered_at"),
        ("episode", {"discovered_at": (NOW + timedelta(days=1)).isoformat()}, "discovered_at"),
        ("episode", {"discovered_at": hours_ago(8).isoformat()}, "discovered_at"),  # after its follow-ups
        ("episode", {"last_seen_at": hours_ago(29).isoformat()}, "last_seen_at"),  # after the discovery
        ("episode", {"returned_at": hours_ago(1).isoformat()}, "returned_at"),  # no return recorded
        ("episode", {"circumstance": "teleported"}, "circumstance"),
        ("episode", {"guardian_contact": "x" * 201}, "guardian_contact"),
        ("episode", {"discovered_at": "2026-02-30T10:00:00Z"}, "discovered_at"),
        ("attempt", {"attempted_at": hours_ago(31).isoformat()}, "attempted_at"),  # before the discovery
        ("attempt", {"method": "   "}, "method"),
        ("attempt", {"method": "Called\x00"}, "detail"),  # refused whole before any field is read
        ("reconfirmation", {"confirmed_at": hours_ago(24 * 40).isoformat()}, "confirmed_at"),
        ("report", {"made_at": hours_ago(24 * 400).isoformat()}, "made_at"),
        ("report", {"method": "pigeon"}, "method"),
        ("report", {"agency_name": ""}, "agency_name"),
        ("report", {"kind": "law_enforcement"}, "non_field_errors"),  # not a field a correction changes
    ],
)
def test_bad_corrections_are_400s_on_their_field(cast, api, entries, name, change, field):
    answer = api(cast.sw).patch(url(entries, name), {**change, "reason": "Typo"}, format="json")
    assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert type(entries[name]).objects.get(pk=entries[name].pk).history.count() == 1


def test_a_late_correction_needs_a_late_entry_reason_which_the_episode_keeps(cast, api, entries):
    episode_url = url(entries, "episode")
    earlier = {"discovered_at": (NOW - timedelta(days=45)).isoformat(), "reason": "Paper file says so"}
    refused = api(cast.sw).patch(episode_url, earlier, format="json")
    assert refused.json() == {"discovered_at": ["More than 30 days ago: mark it a late entry and say why."]}
    late = {**earlier, "late_entry_reason": "Found in the placement's log"}
    answer = api(cast.sw).patch(episode_url, late, format="json")
    assert answer.status_code == 200 and answer.json()["late_entry_reason"] == "Found in the placement's log"


def test_the_return_is_corrected_and_marked_entered_in_error(cast, api, entries):
    base = url(entries, "episode")
    back = api(cast.sw).post(base + "return/", {"returned_at": hours_ago(2).isoformat()}, format="json")
    assert back.status_code == 200
    corrected = api(cast.sw).patch(
        base,
        {"returned_at": hours_ago(3).isoformat(), "return_location": "Aunt's house", "reason": "Typo"},
        format="json",
    )
    assert corrected.status_code == 200 and corrected.json()["return_location"] == "Aunt's house"
    voided = api(cast.sw).post(base + "return/void/", {"reason": "Another child came back"}, format="json")
    assert voided.status_code == 200, voided.json()
    assert voided.json()["returned_at"] is None and voided.json()["entered_in_error"] is False
    assert MissingEpisode.objects.get().history.first().history_change_reason == (
        "return entered in error: Another child came back"
    )
    again = api(cast.sw).post(base + "return/void/", {"reason": "Again"}, format="json")
    assert again.status_code == 400 and again.json() == {
        "non_field_errors": ["No return is recorded for this episode."]
    }
    assert api(cast.admin).post(base + "return/void/", {"reason": "x"}).status_code == 403


def test_follow_ups_of_an_episode_in_error_take_no_change(cast, api, entries):
    api(cast.sw).post(url(entries, "episode") + "void/", {"reason": "Duplicate episode"}, format="json")
    for name in ("attempt", "reconfirmation"):
        answer = api(cast.sw).post(url(entries, name) + "void/", {"reason": "x"}, format="json")
        assert answer.status_code == 400 and "non_field_errors" in answer.json()
    base = url(entries, "episode")
    refused = api(cast.sw).post(
        base + "locate-attempts/", {"attempted_at": NOW.isoformat(), "method": "Call"}
    )
    assert refused.status_code == 400 and LocateAttempt.objects.count() == 1
    report = {
        "kind": "ncmec",
        "client": str(entries["episode"].client_id),
        "missing_episode": str(entries["episode"].pk),
        "made_at": NOW.isoformat(),
        "method": "web",
        "agency_name": "NCMEC",
    }
    answer = api(cast.sw).post("/api/v1/reports/", report, format="json")
    assert answer.status_code == 400 and "missing_episode" in answer.json()
    assert Report.objects.count() == 1 and Reconfirmation.objects.count() == 1
    # The child may be recorded missing again: an episode in error is open for nobody.
    again = {"client": report["client"], "discovered_at": NOW.isoformat(), "circumstance": "runaway"}
    assert api(cast.sw).post("/api/v1/missing-episodes/", again, format="json").status_code == 201


def test_the_schema_documents_the_new_answers(api, cast):
    schema = api(cast.sw).get("/api/v1/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    for path in (
        "/api/v1/missing-episodes/{id}/",
        "/api/v1/locate-attempts/{id}/",
        "/api/v1/reconfirmations/{id}/",
        "/api/v1/reports/{id}/",
    ):
        assert {"200", "400", "403", "404"} <= set(paths[path]["patch"]["responses"]), path
        assert {"200", "400", "403", "404"} <= set(paths[path + "void/"]["post"]["responses"]), path
    assert "/api/v1/missing-episodes/{id}/return/void/" in paths
