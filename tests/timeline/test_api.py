"""`GET clients/{id}/timeline/`: every kind in one order, newest first; filters; cursor paging that neither
misses nor repeats; only the child's own records, only for a reader of the child's county; one access event."""

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessEvent
from kernel.amend import correction_write
from notes import services as notes
from petitions.models import Petition
from referrals import services as record

from .conftest import at, make_child, tell

pytestmark = pytest.mark.django_db

NEWEST_FIRST = [
    "correction",  # the note marked entered in error
    "correction",  # the contact corrected
    "note",
    "note",
    "cft_meeting",
    "case_plan_service",
    "report",
    "reconfirmation",
    "locate_attempt",
    "missing_episode",
    "csec_status",
    "screening",
    "allegation",
    "contact",
    "referral",
]


def url(child, **query: str) -> str:
    pairs = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/v1/clients/{child.pk}/timeline/" + (f"?{pairs}" if pairs else "")


def everything(reader, path: str) -> list[dict]:
    """Every entry, following the `next` links."""
    entries: list[dict] = []
    while path:
        body = reader.get(path).json()
        entries += body["results"]
        path = body["next"]
    return entries


def test_every_kind_is_on_one_timeline_newest_first(api, cast, story):
    body = api(cast.sw).get(url(story.child)).json()
    assert body["previous"] is None and body["next"] is None
    entries = body["results"]
    assert [e["kind"] for e in entries] == NEWEST_FIRST
    instants = [datetime.fromisoformat(e["at"]) for e in entries]
    assert instants == sorted(instants, reverse=True)
    assert set(entries[0]) == {"kind", "at", "summary", "record_type", "record_id", "url", "entered_in_error"}
    contact = next(e for e in entries if e["kind"] == "contact")
    assert contact["record_type"] == "referrals.contact" and contact["record_id"] == str(story.contact.pk)
    # The corrected instant, not the one first entered.
    assert datetime.fromisoformat(contact["at"]) == at(1) + timedelta(minutes=30)
    assert contact["summary"] == "In-person contact: the child alleged to be exploited (Maya)"
    allegation = next(e for e in entries if e["kind"] == "allegation")
    assert allegation["summary"] == "Allegation of sexual exploitation: substantiated"


def test_a_record_dated_by_day_sits_at_the_start_of_that_day_in_the_county(api, cast, story):
    entries = api(cast.sw).get(url(story.child, kind="case_plan_service,cft_meeting")).json()["results"]
    zone = story.child.county.zone
    assert [datetime.fromisoformat(e["at"]) for e in entries] == [
        datetime.combine(story.meeting_day, time.min, tzinfo=zone),
        datetime.combine(story.service_day, time.min, tzinfo=zone),
    ]


def test_corrections_and_entries_in_error_but_not_ordinary_changes(api, cast, story):
    entries = api(cast.sw).get(url(story.child, kind="correction")).json()["results"]
    assert [(e["record_type"], e["record_id"]) for e in entries] == [
        ("notes.casenote", str(story.voided_note.pk)),
        ("referrals.contact", str(story.contact.pk)),
    ]
    assert entries[0]["summary"] == "Case note entered in error: Written on the wrong child's record"
    assert entries[1]["summary"] == "Contact corrected: The visit was an hour later"
    assert datetime.fromisoformat(entries[1]["at"]) == at(90)
    # The finding recorded and the CSEC row's end date are ordinary changes: no correction entries.
    assert not any(e["record_type"] in {"referrals.allegation", "referrals.csecrow"} for e in entries)
    notes_shown = api(cast.sw).get(url(story.child, kind="note")).json()["results"]
    assert [n["entered_in_error"] for n in notes_shown] == [True, False]


def test_filter_by_one_kind_or_several(api, cast, story):
    reader = api(cast.sw)
    assert [e["kind"] for e in reader.get(url(story.child, kind="note")).json()["results"]] == [
        "note",
        "note",
    ]
    both = reader.get(url(story.child, kind="report,referral")).json()["results"]
    assert [e["kind"] for e in both] == ["report", "referral"]
    repeated = reader.get(f"{url(story.child)}?kind=report&kind=referral").json()["results"]
    assert repeated == both


def test_an_unknown_kind_is_a_400_naming_the_field(api, cast, story):
    for bad in ("petitions", "note,nope", "NOTE"):
        response = api(cast.sw).get(url(story.child, kind=bad))
        assert response.status_code == 400, bad
        assert "kind" in response.json()


def test_paging_forward_and_back_visits_every_entry_once(api, cast, story):
    reader = api(cast.sw)
    whole = reader.get(url(story.child)).json()["results"]
    pages, path = [], url(story.child, page_size="4")
    while path:
        body = reader.get(path).json()
        pages.append((body["results"], body["previous"]))
        path = body["next"]
    assert [len(results) for results, _ in pages] == [4, 4, 4, 3]
    assert [e for results, _ in pages for e in results] == whole
    # Back from the last page, each previous page is the page seen going forward.
    path = pages[-1][1]
    for results, _ in reversed(pages[:-1]):
        body = reader.get(path).json()
        assert body["results"] == results
        path = body["previous"]
    assert path is None


def test_entries_of_one_instant_page_in_a_fixed_order(api, cast):
    """Many entries stamped with one instant: every page is cut by kind and record, none lost or doubled."""
    child = make_child(cast.sw)
    when = timezone.now().replace(microsecond=0) - timedelta(hours=3)
    written = {
        str(
            notes.note_create(
                user=cast.sw, client=child, kind="contact", occurred_at=when, text=f"Note {n}"
            ).pk
        )
        for n in range(7)
    }
    referral = record.referral_create(
        user=cast.sw, client=child, received_at=when, source="school", alleges_cse=False
    )
    entries = everything(api(cast.sw), url(child, page_size="2"))
    assert len(entries) == 8
    assert {e["record_id"] for e in entries if e["kind"] == "note"} == written
    # Notes rank after referrals among entries of one instant, newest first: notes come first.
    assert [e["kind"] for e in entries] == ["note"] * 7 + ["referral"]
    assert entries[-1]["record_id"] == str(referral.pk)


def test_a_cursor_not_made_here_is_a_404(api, cast, story):
    for bad in (
        "nonsense",
        "eyJwIjpbXSwiYiI6ZmFsc2V9",
        "eyJwIjpbIjIwMjYtMDEtMDFUMDA6MDA6MDAiLDEsIngiXSwiYiI6ZmFsc2V9",
    ):
        assert api(cast.sw).get(url(story.child, cursor=bad)).status_code == 404, bad


def test_the_query_count_does_not_grow_with_the_entries(api, cast):
    child = make_child(cast.sw)
    reader = api(cast.supervisor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reader.get(url(child)).status_code == 200
        return len(captured)

    tell(cast.sw, child)
    few = queries()
    for n in range(12):
        notes.note_create(
            user=cast.sw,
            client=child,
            kind="other",
            occurred_at=timezone.now() - timedelta(minutes=n),
            text="x",
        )
    assert queries() == few


def test_only_the_childs_own_records_appear(api, cast, story):
    """Another child of the same county, with records of every kind, adds nothing to this child's timeline."""
    other = make_child(cast.sw, "Ana")
    tell(cast.sw, other)
    # An allegation about the other child in this child's referral is the other child's.
    record.allegation_create(
        user=cast.sw,
        referral=story.referral,
        victim=other,
        allegation_type="general_neglect",
        perpetrator_relationship="parent",
    )
    entries = api(cast.sw).get(url(story.child)).json()["results"]
    assert [e["kind"] for e in entries] == NEWEST_FIRST
    mine = everything(api(cast.sw), url(other))
    assert len(mine) == len(NEWEST_FIRST) + 1
    assert not {e["record_id"] for e in entries} & {e["record_id"] for e in mine if e["kind"] != "allegation"}


def test_another_countys_reader_gets_a_404_and_no_entry(api, cast, story):
    for reader in (cast.sw_b, cast.supervisor_b):
        assert api(reader).get(url(story.child)).status_code == 404
    assert api().get(url(story.child)).status_code in (401, 403)
    assert api(cast.sw).get("/api/v1/clients/not-a-uuid/timeline/").status_code == 404


def test_every_role_of_the_county_reads_it_and_each_read_is_an_access_event(api, cast, story):
    for reader in (cast.sw, cast.po, cast.supervisor, cast.admin):
        response = api(reader).get(url(story.child))
        assert response.status_code == 200
        assert len(response.json()["results"]) == len(NEWEST_FIRST)
        event = AccessEvent.objects.filter(user=reader, record_id=str(story.child.pk)).get()
        assert event.record_type == "referrals.client" and event.via == "api"
        assert event.path.startswith(f"/api/v1/clients/{story.child.pk}/timeline/")


def test_each_entry_links_to_a_page_that_shows_its_record(client, cast, story):
    client.force_login(cast.sw)
    entries = everything_as_page_links(client, story)
    assert len(entries) == len(NEWEST_FIRST)
    for entry in entries:
        page = client.get(urlsplit(entry["url"]).path)
        assert page.status_code == 200, entry


def everything_as_page_links(client, story) -> list[dict]:
    return client.get(url(story.child), HTTP_ACCEPT="application/json").json()["results"]


def test_a_petition_and_its_correction_are_on_the_timeline(api, cast, story):
    """The petition kind is one more registered source: placed on its filing day, linked to its page, and its
    correction shown like any other."""
    filed = story.service_day
    petition = Petition.objects.create(
        county=story.child.county,
        client=story.child,
        created_by=cast.sw,
        wic_300_subdivision="b2",
        allegation_ids=[str(story.allegation.pk)],
        filed_at=filed,
    )
    correction_write(
        petition,
        cast.sw,
        what="Petition",
        reason="Sustained at jurisdiction",
        changes={"outcome": "sustained"},
    )
    entries = api(cast.sw).get(url(story.child, kind="petition,correction")).json()["results"]
    shown = [(e["kind"], e["record_id"]) for e in entries]
    assert ("petition", str(petition.pk)) in shown and ("correction", str(petition.pk)) in shown
    entry = next(e for e in entries if e["kind"] == "petition")
    assert entry["summary"] == "Petition filed under WIC 300(b)(2): sustained"
    assert entry["url"] == f"/petitions/{petition.pk}/"
    zone = story.child.county.zone
    assert datetime.fromisoformat(entry["at"]) == datetime.combine(filed, time.min, tzinfo=zone)
    correction = next(e for e in entries if e["kind"] == "correction" and e["record_id"] == str(petition.pk))
    assert correction["summary"] == "Petition corrected: Sustained at jurisdiction"
    assert correction["record_type"] == "petitions.petition"
