"""Petitions through their services: the rules of DOMAIN.md ("Petitions and protective capacity"), history with
who and why, corrections, entries made in error, and the CACI rule left as it was."""

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from petitions import selectors, services
from petitions.models import Petition
from referrals import services as case_services

from .conftest import BEHAVIOURS, PACIFIC, make_child

pytestmark = pytest.mark.django_db


def record(user, client, **fields) -> Petition:
    return services.petition_record(user=user, client=client, **fields)


def refusal(action) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        action()
    return caught.value.message_dict


def reasons(petition: Petition) -> list[str]:
    return [h.history_change_reason for h in petition.history.order_by("history_date", "history_id")]


def placed(error: ValidationError, field: str) -> list[dict]:
    return [one.params or {} for one in error.error_dict[field]]


@pytest.fixture
def fields(neglect, exploitation) -> dict:
    return {
        "wic_300_subdivision": "b2",
        "allegations": [str(neglect.pk), str(exploitation.pk)],
        "filed_at": date(2026, 2, 24),
        "hearings": [
            {"date": date(2026, 3, 20), "kind": "jurisdiction", "note": "  Set by the court "},
            {"date": date(2026, 2, 25), "kind": "detention", "note": ""},
        ],
        "protective_behaviours": BEHAVIOURS,
    }


@pytest.fixture
def petition(cast, child, fields) -> Petition:
    return record(cast.sw, child, **fields)


def test_a_b2_petition_keeps_the_checklist_the_hearings_in_order_and_who_recorded_it(cast, petition, neglect):
    petition.refresh_from_db()
    assert petition.wic_300_subdivision == "b2" and petition.subdivision_short == "300(b)(2)"
    assert petition.allegation_ids[0] == str(neglect.pk)
    assert [h["date"] for h in petition.hearings] == ["2026-02-25", "2026-03-20"]
    assert petition.hearings[1]["note"] == "Set by the court"
    assert [b.code for b in petition.behaviour_list] == [
        "reported_missing",
        "restricted_contact",
        "sought_help",
        "safety_plan_or_services",
    ]
    assert [b.present for b in petition.behaviour_list] == [True, True, False, True]
    assert petition.outcome == "" and petition.outcome_label == "Pending"
    (row,) = petition.history.all()
    assert (row.history_user, row.history_change_reason) == (cast.sw, "Petition recorded: WIC 300(b)(2)")


def test_a_petition_under_another_subdivision_has_no_checklist(cast, child, exploitation):
    petition = record(
        cast.po, child, wic_300_subdivision="d", allegations=[exploitation.pk], filed_at=date(2026, 2, 24)
    )
    assert petition.protective_behaviours == {} and petition.behaviour_list == []
    assert petition.hearings == []


def test_a_b2_petition_needs_each_behaviour_with_a_note(cast, child, fields):
    assert set(refusal(lambda: record(cast.sw, child, **{**fields, "protective_behaviours": {}}))) == {
        "protective_behaviours"
    }
    partial = {**BEHAVIOURS, "sought_help": {"present": False, "note": "   "}}
    del partial["restricted_contact"]
    with pytest.raises(ValidationError) as caught:
        record(cast.sw, child, **{**fields, "protective_behaviours": partial})
    assert set(caught.value.message_dict) == {"protective_behaviours"}
    where = placed(caught.value, "protective_behaviours")
    assert {w["behaviour"] for w in where} == {"restricted_contact", "sought_help"}
    assert "add a note" in " ".join(caught.value.message_dict["protective_behaviours"])
    assert not Petition.objects.exists()


def test_behaviours_on_a_petition_other_than_b2_are_refused(cast, child, fields):
    errors = refusal(lambda: record(cast.sw, child, **{**fields, "wic_300_subdivision": "g"}))
    assert set(errors) == {"protective_behaviours"}
    assert errors["protective_behaviours"] == [services.ONLY_FOR_B2]


def test_the_checklist_is_only_the_four_behaviours_the_faq_names(cast, child, fields):
    odd = {**BEHAVIOURS, "prayed": {"present": True, "note": "x"}}
    assert (
        "Only these behaviours"
        in refusal(lambda: record(cast.sw, child, **{**fields, "protective_behaviours": odd}))[
            "protective_behaviours"
        ][0]
    )
    not_bool = {**BEHAVIOURS, "sought_help": {"present": "yes", "note": "x"}}
    assert refusal(lambda: record(cast.sw, child, **{**fields, "protective_behaviours": not_bool}))[
        "protective_behaviours"
    ] == [
        "Sought help from private or community organizations or resources: say whether the parents did this "
        "(true or false)."
    ]
    long_note = {**BEHAVIOURS, "sought_help": {"present": False, "note": "x" * 2001}}
    assert (
        "2000 characters"
        in refusal(lambda: record(cast.sw, child, **{**fields, "protective_behaviours": long_note}))[
            "protective_behaviours"
        ][0]
    )


@pytest.mark.parametrize(
    ("filed_at", "message"),
    [
        (date(2026, 3, 3), "Cannot be in the future."),
        (date(2011, 5, 3), "Cannot be before the child's date of birth."),
        (date(2026, 2, 19), "Cannot be before the referral of an allegation it rests on was received"),
        (None, "This field is required."),
        (datetime(2026, 2, 24, 9, 0, tzinfo=PACIFIC), "Give a date as YYYY-MM-DD."),
    ],
)
def test_the_filing_day_is_plausible(cast, child, fields, filed_at, message):
    errors = refusal(lambda: record(cast.sw, child, **{**fields, "filed_at": filed_at}))
    assert list(errors) == ["filed_at"] and errors["filed_at"][0].startswith(message)


def test_filed_the_day_the_referral_came_and_today_are_plausible(cast, child, fields):
    assert record(cast.sw, child, **{**fields, "filed_at": date(2026, 2, 20), "hearings": []})
    assert record(cast.sw, child, **{**fields, "filed_at": date(2026, 3, 2), "hearings": []})


@pytest.mark.parametrize(
    ("hearing", "message"),
    [
        (
            {"date": date(2026, 2, 23), "kind": "detention"},
            "Hearing 1: cannot be before the petition was filed.",
        ),
        (
            {"date": date(2028, 3, 10), "kind": "review"},
            "Hearing 1: more than two years ahead; check the year.",
        ),
        ({"date": "2026-02-30", "kind": "review"}, "Hearing 1: give its date as YYYY-MM-DD."),
        ({"date": "2026-3-5", "kind": "review"}, "Hearing 1: give its date as YYYY-MM-DD."),
        ({"date": "2026-03-05", "kind": "trial"}, "Hearing 1: the kind is one of:"),
        ({"date": "2026-03-05", "kind": "review", "judge": "X"}, "Hearing 1: give its date, kind and note"),
        ({"date": "2026-03-05", "kind": "review", "note": 5}, "Hearing 1: give the note as text."),
        ("2026-03-05", "Hearing 1: give its date, kind and note"),
    ],
)
def test_hearings_are_plausible(cast, child, fields, hearing, message):
    with pytest.raises(ValidationError) as caught:
        record(cast.sw, child, **{**fields, "hearings": [hearing]})
    assert list(caught.value.message_dict) == ["hearings"]
    assert caught.value.message_dict["hearings"][0].startswith(message)
    assert placed(caught.value, "hearings") == [{"hearing": 0}]


def test_a_hearing_may_be_scheduled_ahead_but_not_listed_twice(cast, child, fields):
    ahead = [{"date": "2027-09-01", "kind": "review", "note": "Six-month review"}]
    assert record(cast.sw, child, **{**fields, "hearings": ahead}).hearing_list[0].date == date(2027, 9, 1)
    twice = [{"date": "2026-03-05", "kind": "review"}, {"date": "2026-03-05", "kind": "review"}]
    errors = refusal(lambda: record(cast.sw, child, **{**fields, "hearings": twice}))
    assert errors["hearings"] == ["Hearing 2: listed twice (same day and kind)."]


def test_the_allegations_are_the_childs_own_and_standing(
    cast, child, fields, neglect, sibling_allegation, butte_allegation
):
    for other in (sibling_allegation, butte_allegation):
        errors = refusal(lambda other=other: record(cast.sw, child, **{**fields, "allegations": [other.pk]}))
        assert errors == {"allegations": [f"Not an allegation of this child: {other.pk}."]}
    assert refusal(lambda: record(cast.sw, child, **{**fields, "allegations": []})) == {
        "allegations": [services.NO_ALLEGATION]
    }
    assert refusal(lambda: record(cast.sw, child, **{**fields, "allegations": ["nope", 7]})) == {
        "allegations": ["Item 1 is not the id of an allegation.", "Item 2 is not the id of an allegation."]
    }
    assert refusal(lambda: record(cast.sw, child, **{**fields, "allegations": str(neglect.pk)})) == {
        "allegations": [services.NOT_A_LIST_OF_IDS]
    }
    case_services.allegation_void(user=cast.sw, allegation=neglect, reason="Typed on the wrong referral")
    assert "marked entered in error" in refusal(lambda: record(cast.sw, child, **fields))["allegations"][0]


def test_an_unknown_subdivision_or_outcome_is_refused(cast, child, fields):
    errors = refusal(
        lambda: record(cast.sw, child, **{**fields, "wic_300_subdivision": "z", "outcome": "won"})
    )
    assert set(errors) == {"wic_300_subdivision", "outcome"}


def test_a_county_admin_records_no_petition_and_another_county_knows_no_child(cast, child, fields):
    with pytest.raises(PermissionDenied):
        record(cast.admin, child, **fields)
    assert refusal(lambda: record(cast.sw_b, child, **fields)) == {"client": ["Unknown client."]}
    assert not Petition.objects.exists()


def test_a_correction_keeps_both_versions_with_who_and_why(cast, petition):
    services.petition_correct(
        user=cast.supervisor,
        petition=petition,
        reason="The court sustained it at the jurisdiction hearing",
        outcome="sustained",
    )
    rows = list(petition.history.order_by("history_date", "history_id"))
    assert [r.outcome for r in rows] == ["", "sustained"]
    assert [r.history_user for r in rows] == [cast.sw, cast.supervisor]
    assert rows[-1].history_change_reason == (
        "Petition corrected: The court sustained it at the jurisdiction hearing"
    )
    assert [r.protective_behaviours == BEHAVIOURS for r in rows] == [True, True]


def test_a_correction_needs_a_reason_and_a_change(cast, petition):
    assert set(
        refusal(
            lambda: services.petition_correct(user=cast.sw, petition=petition, reason="", outcome="amended")
        )
    ) == {"reason"}
    same = refusal(lambda: services.petition_correct(user=cast.sw, petition=petition, reason="x", outcome=""))
    assert same == {"non_field_errors": ["Nothing to correct: change at least one field."]}
    unknown = refusal(
        lambda: services.petition_correct(user=cast.sw, petition=petition, reason="x", county="B")
    )
    assert unknown == {"county": ["This field cannot be changed."]}


def test_moving_away_from_b2_clears_the_checklist_explicitly(cast, petition):
    errors = refusal(
        lambda: services.petition_correct(
            user=cast.sw, petition=petition, reason="Counsel: (d)", wic_300_subdivision="d"
        )
    )
    assert errors == {"protective_behaviours": [services.ONLY_FOR_B2]}
    corrected = services.petition_correct(
        user=cast.sw,
        petition=petition,
        reason="Counsel: (d)",
        wic_300_subdivision="d",
        protective_behaviours={},
    )
    assert corrected.protective_behaviours == {}
    assert petition.history.order_by("history_date", "history_id").first().protective_behaviours == BEHAVIOURS
    back = refusal(
        lambda: services.petition_correct(
            user=cast.sw, petition=corrected, reason="Back", wic_300_subdivision="b2"
        )
    )
    assert back == {"protective_behaviours": [services.BEHAVIOURS_NEEDED]}


def test_a_hearing_moved_before_the_filing_is_refused_on_correction(cast, petition):
    errors = refusal(
        lambda: services.petition_correct(
            user=cast.sw, petition=petition, reason="Filed later", filed_at=date(2026, 2, 26)
        )
    )
    assert errors == {"hearings": ["Hearing 1: cannot be before the petition was filed."]}


def test_an_allegation_entered_in_error_later_does_not_block_other_corrections(cast, petition, neglect):
    case_services.allegation_void(user=cast.sw, allegation=neglect, reason="Duplicate")
    services.petition_correct(user=cast.sw, petition=petition, reason="Dismissed", outcome="dismissed")
    assert Petition.objects.get().outcome == "dismissed"


def test_a_petition_entered_in_error_stays_and_takes_no_change(cast, petition):
    services.petition_void(user=cast.po, petition=petition, reason="Recorded for the wrong child")
    petition.refresh_from_db()
    assert petition.entered_in_error and petition.entered_in_error_by == cast.po
    assert reasons(petition)[-1] == ("Petition entered in error: Recorded for the wrong child")
    for attempt in (
        lambda: services.petition_correct(user=cast.sw, petition=petition, reason="x", outcome="dismissed"),
        lambda: services.petition_void(user=cast.sw, petition=petition, reason="again"),
    ):
        assert "non_field_errors" in refusal(attempt)
    assert refusal(
        lambda: services.petition_void(user=cast.sw, petition=Petition.objects.get(), reason=" ")
    ) == {
        "non_field_errors": [
            "This entry, or the one it belongs to, is marked entered in error: it takes no more changes."
        ]
    }
    with pytest.raises(PermissionDenied):
        services.petition_void(user=cast.admin, petition=petition, reason="x")


def test_the_caci_rule_stays_as_it_is(cast, petition, neglect, exploitation):
    """General neglect (a (b)(2) failure to protect) is not referred to CACI; the exploitation is."""
    case_services.allegation_dispose(user=cast.sw, allegation=neglect, disposition="substantiated")
    case_services.allegation_dispose(user=cast.sw, allegation=exploitation, disposition="substantiated")
    services.petition_correct(user=cast.sw, petition=petition, reason="Sustained", outcome="sustained")
    neglect.refresh_from_db()
    exploitation.refresh_from_db()
    assert neglect.caci_referral_required is False
    assert neglect.abuse_subcategory == "fail_unable_to_protect_from_cse"
    assert exploitation.caci_referral_required is True


def test_the_timeline_lists_the_childs_petitions_at_their_filing_day(cast, child, petition, exploitation):
    later = record(
        cast.sw, child, wic_300_subdivision="g", allegations=[exploitation.pk], filed_at=date(2026, 3, 1)
    )
    services.petition_void(user=cast.sw, petition=later, reason="Never filed")
    other = make_child(cast.sw, "Lucia")
    entries = selectors.petition_timeline(child)
    assert [e.record_id for e in entries] == [str(later.pk), str(petition.pk)]
    first = entries[1]
    assert first.kind == "petition" and first.record_type == "petitions.petition"
    assert first.at == datetime(2026, 2, 24, 0, 0, tzinfo=PACIFIC)
    assert first.summary.startswith("Petition filed under WIC 300(b)(2): pending; jurisdiction hearing on")
    assert entries[0].entered_in_error and "entered in error: Never filed" in entries[0].summary
    assert selectors.petition_timeline(other) == []


@pytest.mark.parametrize(
    ("role", "allowed"), [("sw", True), ("po", True), ("supervisor", True), ("admin", False)]
)
def test_each_role_of_the_county_records_a_petition_or_is_refused(cast, child, fields, role, allowed):
    user = getattr(cast, role)
    if allowed:
        assert record(user, child, **fields).created_by == user
    else:
        with pytest.raises(PermissionDenied):
            record(user, child, **fields)
        with pytest.raises(PermissionDenied):
            services.require_petition_writer(user)
