"""The overdue-plan flag: an identified child without a plan, or without a CSE service in it, after the county's
days (default 30), counted in the county's zone from the start of the current identification."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from caseplans import selectors, services
from caseplans.models import CaseplanSettings

from .conftest import add_row, make_child

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")


def at(day: date, hour: int = 12):
    return datetime(day.year, day.month, day.day, hour, tzinfo=LA)


@pytest.fixture
def freeze(time_machine):
    def move(day: date, hour: int = 12) -> None:
        time_machine.move_to(at(day, hour), tick=False)

    return move


def flag_of(child):
    child.refresh_from_db()
    return selectors.plan_flag(child)


def give_plan(cast, child):
    return services.case_plan_save(
        user=cast.sw, client=child, assessment_date=date(2026, 1, 5), goal="Safety", addresses_cse=True
    )


def test_no_plan_is_flagged_the_day_after_the_thirtieth_day(cast, child, freeze):
    freeze(date(2026, 1, 5))
    add_row(child, "victim_during_foster_care", date(2026, 1, 5), at(date(2026, 1, 5), 9))
    freeze(date(2026, 2, 4), 23)  # day 30, late evening in Alameda (already Feb 5 in UTC)
    assert flag_of(child) is None
    freeze(date(2026, 2, 5), 0)
    flag = flag_of(child)
    assert flag is not None and flag.reason == "no_plan" and flag.victim
    assert flag.identified_on == date(2026, 1, 5) and flag.due_on == date(2026, 2, 4)


def test_the_clock_starts_on_the_county_day_the_information_arrived(cast, child, freeze):
    # Received at 9 p.m. on Jan 10 in Alameda (Jan 11 in UTC) about exploitation that began Jan 1.
    freeze(date(2026, 1, 10), 22)
    add_row(child, "victim_during_foster_care", date(2026, 1, 1), at(date(2026, 1, 10), 21))
    freeze(date(2026, 2, 9))
    assert flag_of(child) is None
    freeze(date(2026, 2, 10))
    assert flag_of(child).identified_on == date(2026, 1, 10)


def test_the_earliest_open_row_starts_the_clock_and_closed_rows_do_not_count(cast, child, freeze):
    freeze(date(2026, 1, 20))
    ended = add_row(child, "at_risk", date(2025, 6, 1), at(date(2025, 6, 1)))
    ended.end_date = date(2025, 7, 1)
    ended.save()
    add_row(child, "at_risk", date(2026, 1, 3), at(date(2026, 1, 3)))
    add_row(child, "victim_during_foster_care", date(2026, 1, 15), at(date(2026, 1, 15)))
    freeze(date(2026, 2, 3))
    flag = flag_of(child)
    assert flag.identified_on == date(2026, 1, 3) and flag.victim


def test_a_child_whose_rows_all_ended_is_not_flagged(cast, child, freeze):
    freeze(date(2026, 1, 5))
    row = add_row(child, "at_risk", date(2026, 1, 1), at(date(2026, 1, 1)))
    row.end_date = date(2026, 1, 20)
    row.save()
    freeze(date(2026, 3, 1))
    assert flag_of(child) is None


@pytest.mark.parametrize(
    ("csec_type", "services_in_plan", "flagged"),
    [
        ("victim_during_foster_care", [], "no_cse_service"),
        ("victim_during_foster_care", [("housing_stability", "active")], "no_cse_service"),
        ("victim_during_foster_care", [("specialized_counseling", "declined")], "no_cse_service"),
        ("victim_during_foster_care", [("specialized_counseling", "referred")], None),
        ("victim_before_foster_care", [("tattoo_removal", "completed")], None),
        ("at_risk", [("", "active")], "no_cse_service"),  # free text is not a catalogue service
        ("at_risk", [("cse_prevention_education", "referred")], None),
        ("at_risk", [("survivor_peer_group", "active")], None),
        ("at_risk", [("employment_help", "declined")], "no_cse_service"),
    ],
)
def test_a_plan_needs_a_catalogue_service_fit_for_the_child_that_is_not_declined(
    cast, child, freeze, csec_type, services_in_plan, flagged
):
    freeze(date(2026, 1, 5))
    add_row(child, csec_type, date(2026, 1, 5), at(date(2026, 1, 5)))
    plan = give_plan(cast, child)
    for code, status in services_in_plan:
        services.service_add(
            user=cast.sw,
            plan=plan,
            service_code=code,
            description="Art therapy" if not code else "",
            provider="Provider",
            status=status,
            referred_on=date(2026, 1, 5),
            started_on=date(2026, 1, 5) if status in ("active", "completed") else None,
            ended_on=date(2026, 1, 5) if status == "completed" else None,
        )
    freeze(date(2026, 2, 20))
    flag = flag_of(child)
    assert (flag.reason if flag else None) == flagged


def test_the_county_sets_the_days(cast, child, freeze):
    freeze(date(2026, 1, 5))
    add_row(child, "at_risk", date(2026, 1, 5), at(date(2026, 1, 5)))
    CaseplanSettings.objects.create(county=cast.sw.county, plan_due_days=10)
    freeze(date(2026, 1, 15))
    assert flag_of(child) is None
    freeze(date(2026, 1, 16))
    assert flag_of(child).due_on == date(2026, 1, 15)


def test_flagged_children_follow_the_unit_the_county_and_never_another_county(cast, freeze):
    freeze(date(2026, 1, 5))
    mine = make_child(cast.sw, "Mine")
    add_row(mine, "at_risk", date(2026, 1, 5), at(date(2026, 1, 5)))
    outside_unit = User.objects.create_user("sw_x", county=cast.sw.county, role="social_worker")
    other_unit = make_child(outside_unit, "Other")
    add_row(other_unit, "victim_during_foster_care", date(2026, 1, 5), at(date(2026, 1, 5)))
    butte = make_child(cast.sw_b, "Butte")
    add_row(butte, "at_risk", date(2026, 1, 5), at(date(2026, 1, 5)))
    freeze(date(2026, 3, 1))
    names = lambda user: {f.client.first_name for f in selectors.flagged_clients(user)}  # noqa: E731
    assert names(cast.supervisor) == {"Mine"}
    assert names(cast.admin) == {"Mine", "Other"}
    assert names(cast.sw) == {"Mine"}
    assert names(cast.supervisor_b) == {"Butte"}
