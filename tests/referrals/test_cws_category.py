"""DOMAIN.md §1 at its age boundaries: the day before and the day of the 18th and 21st birthdays."""

from datetime import date

import pytest

from referrals.cws import age_on, cws_category

BORN = date(2008, 6, 15)
EVE_18, DAY_18 = date(2026, 6, 14), date(2026, 6, 15)
EVE_21, DAY_21 = date(2029, 6, 14), date(2029, 6, 15)


def category(status, on, iv_e=False, chafee=False, born=BORN):
    return cws_category(
        date_of_birth=born,
        foster_care_status=status,
        title_iv_e_assistance=iv_e,
        chafee_services=chafee,
        on=on,
    ).category


@pytest.mark.parametrize(
    ("status", "iv_e", "chafee", "expected"),
    [
        # in foster care: A under 18; A until 21 only with Title IV-E (nonminor dependent)
        ("in_foster_care", False, False, {EVE_18: "A", DAY_18: None, EVE_21: None, DAY_21: None}),
        ("in_foster_care", True, False, {EVE_18: "A", DAY_18: "A", EVE_21: "A", DAY_21: None}),
        # open case at home: B, whatever the age
        ("open_case_in_home", False, False, {EVE_18: "B", DAY_18: "B", EVE_21: "B", DAY_21: "B"}),
        # run away from foster care, not discharged: C under 21
        ("absent_from_foster_care", False, False, {EVE_18: "C", DAY_18: "C", EVE_21: "C", DAY_21: None}),
        # Chafee ILP services, closed cases included: D under 21
        ("discharged", False, True, {EVE_18: "D", DAY_18: "D", EVE_21: "D", DAY_21: None}),
        ("none", False, True, {EVE_18: "D", DAY_18: "D", EVE_21: "D", DAY_21: None}),
        # outside CWS
        ("discharged", False, False, {EVE_18: None, DAY_18: None, EVE_21: None, DAY_21: None}),
        ("none", True, False, {EVE_18: None, DAY_18: None, EVE_21: None, DAY_21: None}),
        # in foster care and Chafee at 18 without IV-E: D carries on to 21
        ("in_foster_care", False, True, {EVE_18: "A", DAY_18: "D", EVE_21: "D", DAY_21: None}),
    ],
)
def test_category_at_the_18th_and_21st_birthdays(status, iv_e, chafee, expected):
    assert {day: category(status, day, iv_e, chafee) for day in expected} == expected


def test_outside_cws_says_why():
    result = cws_category(
        date_of_birth=BORN,
        foster_care_status="in_foster_care",
        title_iv_e_assistance=False,
        chafee_services=False,
        on=DAY_18,
    )
    assert result.category is None and not result.receiving_cws
    assert "no statutory clock starts" in result.reason
    assert "18 or older without Title IV-E" in result.reason


def test_before_birth_is_outside():
    assert category("in_foster_care", date(2008, 6, 14)) is None


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    leap = date(2008, 2, 29)
    assert age_on(leap, date(2026, 2, 28)) == 17
    assert age_on(leap, date(2026, 3, 1)) == 18
    assert category("in_foster_care", date(2026, 2, 28), born=leap) == "A"
    assert category("in_foster_care", date(2026, 3, 1), born=leap) is None


def test_api_gives_the_category_for_a_given_day(cast, api):
    client = (
        api(cast.sw)
        .post(
            "/api/v1/clients/",
            {
                "first_name": "A",
                "last_name": "B",
                "date_of_birth": "2008-06-15",
                "foster_care_status": "in_foster_care",
                "title_iv_e_assistance": False,
                "chafee_services": False,
            },
            format="json",
        )
        .json()
    )
    eve = api(cast.sw).get(f"/api/v1/clients/{client['id']}/", {"on": "2026-06-14"}).json()
    day = api(cast.sw).get(f"/api/v1/clients/{client['id']}/", {"on": "2026-06-15"}).json()
    assert (eve["cws_category"], day["cws_category"]) == ("A", None)
    assert "no statutory clock starts" in day["cws_category_reason"]
    assert api(cast.sw).get(f"/api/v1/clients/{client['id']}/", {"on": "June"}).status_code == 400


pytestmark = pytest.mark.django_db
