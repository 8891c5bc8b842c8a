"""API.md v1.1: PATCH <record>/{id}/ corrects an entry with a reason; POST <record>/{id}/void/ marks it entered in
error. History keeps both versions with who and why; refusals are 400s with field messages, never 500s."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from referrals import services
from referrals.models import Allegation, Contact, CsecRow, Referral

from ..conftest import county_today
from .conftest import hours_ago

pytestmark = pytest.mark.django_db
LONG_REASON = "Recorded from the wrong case file; the worker's notes of the visit show another date. " * 3


@pytest.fixture
def entries(cast, child, cse_referral):
    contact = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    row = services.csec_row_document(
        user=cast.sw, client=child, csec_type="at_risk", start_date=county_today() - timedelta(days=5)
    )
    return {"referral": cse_referral, "contact": contact, "allegation": allegation, "row": row}


def urls(entries):
    return {
        "referral": f"/api/v1/referrals/{entries['referral'].pk}/",
        "contact": f"/api/v1/contacts/{entries['contact'].pk}/",
        "allegation": f"/api/v1/allegations/{entries['allegation'].pk}/",
        "row": f"/api/v1/csec-types/{entries['row'].pk}/",
    }


CORRECTIONS = {
    "referral": {"received_at": hours_ago(3).isoformat(), "source": "school"},
    "contact": {"made_at": hours_ago(1.5).isoformat(), "name": "Maya"},
    "allegation": {"perpetrator_relationship": "unknown"},
    "row": {"start_date": (county_today() - timedelta(days=6)).isoformat()},
}


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_each_entry_is_corrected_with_a_reason_and_history_keeps_both_versions(cast, api, entries, name):
    answer = api(cast.sw).patch(
        urls(entries)[name], {**CORRECTIONS[name], "reason": LONG_REASON}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    entry = type(entries[name]).objects.get(pk=entries[name].pk)
    latest, earlier = entry.history.all()[:2]
    assert latest.history_user == cast.sw
    assert latest.history_change_reason.startswith(
        f"{entry._meta.verbose_name.replace('csec row', 'CSEC row')}"
    )
    assert latest.history_change_reason.endswith(" ".join(LONG_REASON.split()))  # kept whole
    changed = [c.field for c in latest.diff_against(earlier).changes]
    assert set(changed) >= {key for key in CORRECTIONS[name] if key != "start_date"} | (
        {"start_date"} if name == "row" else set()
    )
    assert answer.json()["entered_in_error"] is False


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_a_correction_without_a_reason_is_refused_on_the_reason(cast, api, entries, name):
    body = {**CORRECTIONS[name], "reason": "   "}
    answer = api(cast.sw).patch(urls(entries)[name], body, format="json")
    assert answer.status_code == 400 and "reason" in answer.json(), answer.json()


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_each_entry_is_marked_entered_in_error_once_and_kept(cast, api, entries, name):
    url = urls(entries)[name] + "void/"
    answer = api(cast.supervisor).post(
        url, {"reason": "Entered on the wrong child <b>twice</b>"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    body = answer.json()
    assert body["entered_in_error"] is True
    assert body["entered_in_error_reason"] == "Entered on the wrong child <b>twice</b>"
    assert body["entered_in_error_at"]
    entry = type(entries[name]).objects.get(pk=entries[name].pk)
    assert entry.entered_in_error_by == cast.supervisor
    assert entry.history.first().history_change_reason.endswith(
        "entered in error: Entered on the wrong child <b>twice</b>"
    )
    again = api(cast.sw).post(url, {"reason": "Again"}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    corrected = api(cast.sw).patch(urls(entries)[name], {**CORRECTIONS[name], "reason": "x"}, format="json")
    assert corrected.status_code == 400 and "non_field_errors" in corrected.json()


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
@pytest.mark.parametrize(
    "body",
    [
        {},
        {"reason": ""},
        {"reason": None},
        {"reason": "x" * 1001},
        {"reason": True},
        {"reason": {"text": "x"}},
    ],
)
def test_marking_in_error_needs_a_plausible_reason(cast, api, entries, name, body):
    answer = api(cast.sw).post(urls(entries)[name] + "void/", body, format="json")
    assert answer.status_code == 400 and "reason" in answer.json(), answer.json()
    assert not type(entries[name]).objects.get(pk=entries[name].pk).entered_in_error


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_a_county_admin_may_neither_correct_nor_mark(cast, api, entries, name):
    admin = api(cast.admin)
    assert (
        admin.patch(urls(entries)[name], {**CORRECTIONS[name], "reason": "x"}, format="json").status_code
        == 403
    )
    assert admin.post(urls(entries)[name] + "void/", {"reason": "x"}, format="json").status_code == 403


@pytest.mark.parametrize("name", sorted(CORRECTIONS))
def test_another_countys_entry_is_not_found(cast, api, entries, name):
    other = api(cast.sw_b)
    assert (
        other.patch(urls(entries)[name], {**CORRECTIONS[name], "reason": "x"}, format="json").status_code
        == 404
    )
    assert other.post(urls(entries)[name] + "void/", {"reason": "x"}, format="json").status_code == 404
    assert other.get(f"/api/v1/contacts/{entries['contact'].pk}/").status_code == 404


def test_a_contact_has_its_own_detail(cast, api, entries):
    body = api(cast.sw).get(f"/api/v1/contacts/{entries['contact'].pk}/").json()
    assert body["id"] == str(entries["contact"].pk)
    assert {"late_entry_reason", "entered_in_error", "entered_in_error_at", "entered_in_error_reason"} <= set(
        body
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"made_at": "2026-02-30T10:00:00-08:00", "reason": "x"}, "made_at"),
        ({"made_at": "2026-01-05T25:00:00-08:00", "reason": "x"}, "made_at"),
        ({"made_at": "0001-01-01T00:00:00+14:00", "reason": "x"}, "made_at"),
        ({"made_at": (timezone.now() + timedelta(days=2)).isoformat(), "reason": "x"}, "made_at"),
        ({"made_at": hours_ago(30).isoformat(), "reason": "x"}, "made_at"),  # before the referral
        ({"contact_type": "neighbour", "reason": "x"}, "contact_type"),
        ({"in_person": "perhaps", "reason": "x"}, "in_person"),
        ({"name": "n" * 201, "reason": "x"}, "name"),
        ({"reason": "x"}, "non_field_errors"),
        ({"name": "Maya"}, "reason"),
        ({"name": "Maya", "reason": ["x"]}, "reason"),
        ({"name": "Maya", "reason": "x", "made_by": "y"}, None),
    ],
)
def test_bad_corrections_of_a_contact_are_400s_naming_the_field(cast, api, entries, body, field):
    answer = api(cast.sw).patch(f"/api/v1/contacts/{entries['contact'].pk}/", body, format="json")
    if field is None:  # an unknown field is ignored, as on every input of the API
        assert answer.status_code == 200
        return
    assert answer.status_code == 400 and field in answer.json(), answer.json()
    assert Contact.objects.get(pk=entries["contact"].pk).history.count() == 1


def test_hostile_text_is_refused_or_kept_as_text(cast, api, entries):
    url = f"/api/v1/contacts/{entries['contact'].pk}/"
    nul = api(cast.sw).patch(url, {"name": "a\x00b", "reason": "x"}, format="json")
    assert nul.status_code == 400
    script = "<script>alert(1)</script>'; DROP TABLE referrals_contact; --"
    kept = api(cast.sw).patch(url, {"name": script, "reason": script}, format="json")
    assert kept.status_code == 200 and kept.json()["name"] == script


def test_a_referral_is_updated_without_reason_as_in_v1_but_corrected_with_one(cast, api, entries):
    url = urls(entries)["referral"]
    assert api(cast.sw).patch(url, {"narrative": "More detail."}, format="json").status_code == 200
    moved = api(cast.sw).patch(url, {"received_at": hours_ago(3).isoformat()}, format="json")
    assert moved.status_code == 400 and "reason" in moved.json()
    after_contact = api(cast.sw).patch(
        url, {"received_at": hours_ago(0.5).isoformat(), "reason": "x"}, format="json"
    )
    assert "correct that contact first" in after_contact.json()["received_at"][0]


def test_a_recorded_finding_changes_only_as_a_correction(cast, api, entries):
    url = urls(entries)["allegation"]
    assert api(cast.sw).patch(url, {"disposition": "substantiated"}, format="json").status_code == 200
    changed = api(cast.sw).patch(url, {"disposition": "unfounded"}, format="json")
    assert changed.status_code == 400 and "reason" in changed.json()
    corrected = api(cast.sw).patch(url, {"disposition": "unfounded", "reason": "Review"}, format="json")
    assert corrected.status_code == 200 and corrected.json()["disposition"] == "unfounded"
    assert Allegation.objects.get(pk=entries["allegation"].pk).history.first().history_change_reason == (
        "allegation corrected: Review"
    )


def test_a_row_ends_as_in_v1_and_is_corrected_by_the_same_rules_as_on_entry(cast, api, entries, child):
    url = urls(entries)["row"]
    ended = api(cast.sw).patch(url, {"end_date": county_today().isoformat()}, format="json")
    assert ended.status_code == 200
    born = api(cast.sw).patch(url, {"start_date": "2011-05-03", "reason": "x"}, format="json")
    assert born.json()["start_date"] == ["Cannot be before the child's date of birth."]
    services.csec_row_document(
        user=cast.sw, client=child, csec_type="victim_during_foster_care", start_date=county_today()
    )
    clash = api(cast.sw).patch(url, {"csec_type": "victim_during_foster_care", "reason": "x"}, format="json")
    assert clash.status_code == 400 and "Overlaps" in clash.json()["start_date"][0]
    ilp = api(cast.sw).patch(url, {"csec_type": "victim_closed_case_ilp", "reason": "x"}, format="json")
    assert ilp.status_code == 403
    assert CsecRow.objects.get(pk=entries["row"].pk).csec_type == "at_risk"


def test_the_schema_documents_the_corrections_and_their_refusals(cast, api):
    schema = api(cast.sw).get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/contacts/{id}/void/",
        "/api/v1/referrals/{id}/void/",
        "/api/v1/allegations/{id}/void/",
        "/api/v1/csec-types/{id}/void/",
        "/api/v1/screenings/{id}/void/",
    ):
        key = next(p for p in paths if p.replace("{pk}", "{id}") == path)
        assert {"200", "400", "403", "404"} <= set(paths[key]["post"]["responses"]), path
    contact = next(p for p in paths if p.replace("{pk}", "{id}") == "/api/v1/contacts/{id}/")
    assert {"200", "400", "403", "404"} <= set(paths[contact]["patch"]["responses"])


def test_the_lists_show_an_entry_in_error_flagged(cast, api, entries):
    services.contact_void(user=cast.sw, contact=entries["contact"], reason="Wrong referral")
    detail = api(cast.sw).get(urls(entries)["referral"]).json()
    assert [c["entered_in_error"] for c in detail["contacts"]] == [True]
    assert Referral.objects.get(pk=entries["referral"].pk).contacts.count() == 1


AMENDS = {
    "referral_correct": lambda u, e: services.referral_correct(
        user=u, referral=e["referral"], reason="r", narrative="n"
    ),
    "contact_correct": lambda u, e: services.contact_correct(
        user=u, contact=e["contact"], reason="r", name="n"
    ),
    "allegation_correct": lambda u, e: services.allegation_correct(
        user=u, allegation=e["allegation"], reason="r", wic_300_subdivision="b2"
    ),
    "csec_row_correct": lambda u, e: services.csec_row_correct(
        user=u, row=e["row"], reason="r", end_date=county_today()
    ),
    "referral_void": lambda u, e: services.referral_void(user=u, referral=e["referral"], reason="r"),
    "contact_void": lambda u, e: services.contact_void(user=u, contact=e["contact"], reason="r"),
    "allegation_void": lambda u, e: services.allegation_void(user=u, allegation=e["allegation"], reason="r"),
    "csec_row_void": lambda u, e: services.csec_row_void(user=u, row=e["row"], reason="r"),
}


@pytest.mark.parametrize("role", ["sw", "po", "supervisor", "admin"])
@pytest.mark.parametrize("name", sorted(AMENDS))
def test_each_amending_service_checks_the_role(cast, entries, name, role):
    user = getattr(cast, role)
    if role == "admin":
        with pytest.raises(PermissionDenied):
            AMENDS[name](user, entries)
    else:
        assert AMENDS[name](user, entries).history.first().history_user == user
