"""A child of Alameda with a CSE referral and two allegations, another child's and another county's allegations,
and the petitions' payloads. The clock stands at 10 a.m. on March 2, 2026, in the counties' zone."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from referrals import services as case_services
from referrals.models import Allegation, Client, Referral

PACIFIC = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=PACIFIC)
TODAY = NOW.date()

BEHAVIOURS = {
    "reported_missing": {
        "present": True,
        "note": "Mother called the police the night Maya did not come home.",
    },
    "restricted_contact": {"present": True, "note": "Took her phone and blocked the man's number."},
    "sought_help": {
        "present": False,
        "note": "Did not know of any program; the school counselor was not told.",
    },
    "safety_plan_or_services": {"present": True, "note": "Signed a safety plan; attends a parents' group."},
}


@pytest.fixture(autouse=True)
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)


def make_child(user, first_name: str = "Maya") -> Client:
    return case_services.client_create(
        user=user,
        first_name=first_name,
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="open_case_in_home",
    )


def make_referral(user, child: Client) -> Referral:
    return case_services.referral_create(
        user=user,
        client=child,
        received_at=datetime(2026, 2, 20, 9, 30, tzinfo=PACIFIC),
        source="law_enforcement",
        alleges_cse=True,
        narrative="Found at a motel with an adult; the police called the hotline.",
    )


def make_allegation(
    user, referral: Referral, allegation_type: str, relationship: str, wic: str = ""
) -> Allegation:
    return case_services.allegation_create(
        user=user,
        referral=referral,
        victim=referral.client,
        allegation_type=allegation_type,
        perpetrator_relationship=relationship,
        wic_300_subdivision=wic,
    )


@pytest.fixture
def child(cast) -> Client:
    return make_child(cast.sw)


@pytest.fixture
def referral(cast, child) -> Referral:
    return make_referral(cast.sw, child)


@pytest.fixture
def neglect(cast, referral) -> Allegation:
    """The parents' failure to protect: general neglect, WIC 300(b)(2)."""
    return make_allegation(cast.sw, referral, "general_neglect", "parent", "b2")


@pytest.fixture
def exploitation(cast, referral) -> Allegation:
    """The exploitation itself, by a man who is not a parent."""
    return make_allegation(cast.sw, referral, "sexual_exploitation", "other")


@pytest.fixture
def sibling_allegation(cast) -> Allegation:
    """An allegation about another child of the same county."""
    other = make_child(cast.sw, "Lucia")
    return make_allegation(cast.sw, make_referral(cast.sw, other), "general_neglect", "parent", "b2")


@pytest.fixture
def butte_allegation(cast) -> Allegation:
    """An allegation of another county."""
    other = make_child(cast.sw_b, "Casey")
    return make_allegation(cast.sw_b, make_referral(cast.sw_b, other), "general_neglect", "parent", "b2")


@pytest.fixture
def b2_payload(neglect, exploitation) -> dict:
    return {
        "wic_300_subdivision": "b2",
        "allegations": [str(neglect.pk), str(exploitation.pk)],
        "filed_at": "2026-02-24",
        "hearings": [
            {"date": "2026-03-20", "kind": "jurisdiction", "note": "Set by the court"},
            {"date": "2026-02-25", "kind": "detention", "note": "Maya detained; placed with an aunt"},
        ],
        "protective_behaviours": BEHAVIOURS,
    }


@pytest.fixture
def d_payload(exploitation) -> dict:
    return {
        "wic_300_subdivision": "d",
        "allegations": [str(exploitation.pk)],
        "filed_at": "2026-02-24",
        "hearings": [],
    }
