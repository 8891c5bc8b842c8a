from datetime import date

import pytest

from referrals.models import Client, CsecRow

pytestmark = pytest.mark.django_db


def child(user, name):
    return Client.objects.create(
        county=user.county,
        first_name=name,
        last_name="Test",
        date_of_birth=date(2010, 1, 1),
        assigned_worker=user,
        foster_care_status="in_foster_care",
    )


def row(client, csec_type, start, end=None):
    return CsecRow.objects.create(
        county=client.county, client=client, csec_type=csec_type, start_date=start, end_date=end
    )


def stats(api, user, start, end):
    return api(user).get("/api/v1/statistics/csec/", {"from": start, "to": end})


def test_distinct_children_per_category_in_the_period(cast, api):
    ana, ben, cy = child(cast.sw, "Ana"), child(cast.sw, "Ben"), child(cast.sw, "Cy")
    row(ana, "at_risk", date(2026, 1, 1), date(2026, 1, 31))
    row(ana, "at_risk", date(2026, 2, 10))  # a second at-risk row of the same child counts once
    row(ana, "victim_during_foster_care", date(2026, 2, 15))
    row(ben, "victim_before_foster_care", date(2025, 6, 1))
    row(ben, "victim_while_absent_from_placement", date(2026, 2, 1), date(2026, 2, 3))
    row(cy, "at_risk", date(2026, 3, 5))  # starts after the period
    row(cy, "victim_during_foster_care", date(2025, 1, 1), date(2025, 12, 31))  # ended before it
    other = child(cast.sw_b, "Other")
    row(other, "at_risk", date(2026, 2, 1))  # another county

    answer = stats(api, cast.supervisor, "2026-02-01", "2026-02-28")
    assert answer.status_code == 200
    assert answer.json() == {
        "county": "Alameda",
        "from": "2026-02-01",
        "to": "2026-02-28",
        "victims_before_foster_care": 1,
        "victims_during_foster_care": 1,
        "victims_while_absent": 1,
        "at_risk": 1,
    }


def test_a_row_ending_on_the_first_day_counts(cast, api):
    row(child(cast.sw, "Dee"), "at_risk", date(2026, 1, 1), date(2026, 2, 1))
    assert stats(api, cast.admin, "2026-02-01", "2026-02-28").json()["at_risk"] == 1
    assert stats(api, cast.admin, "2026-02-02", "2026-02-28").json()["at_risk"] == 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"to": "2026-01-01"}, "from"),
        ({"from": "2026-01-01"}, "to"),
        ({"from": "2026-02-01", "to": "2026-01-01"}, "to"),
        ({"from": "01/02/2026", "to": "2026-03-01"}, "from"),
    ],
)
def test_bad_periods_are_a_400(cast, api, params, field):
    answer = api(cast.admin).get("/api/v1/statistics/csec/", params)
    assert answer.status_code == 400 and field in answer.json()
