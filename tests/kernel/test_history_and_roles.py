"""Save with history, the county's day, the role checks and the acting user, as every app uses them."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from accounts.models import County
from kernel.acting import acting
from kernel.county_time import county_day, county_day_start, county_today
from kernel.errors import FieldErrors, check_choice, check_text, raise_if, refuse_unknown
from kernel.history import save_with_history
from kernel.roles import Role, require_county_admin, require_writer

pytestmark = pytest.mark.django_db


def test_save_with_history_names_the_user_and_the_reason(cast):
    county = County.objects.get(name="Alameda")
    county.time_zone = "America/Los_Angeles"
    save_with_history(county, cast.admin, "zone confirmed")
    latest = county.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (cast.admin, "zone confirmed")


def test_save_with_history_validates_first_and_saves_nothing_when_invalid(cast):
    county = County.objects.get(name="Alameda")
    rows = county.history.count()
    county.time_zone = "Mars/Olympus_Mons"
    with pytest.raises(ValidationError):
        save_with_history(county, cast.admin, "bad zone")
    assert county.history.count() == rows
    assert County.objects.get(pk=county.pk).time_zone != "Mars/Olympus_Mons"


def test_the_county_day_is_the_county_calendar_not_the_server(cast):
    county = County.objects.get(name="Alameda")
    late_evening = datetime(2026, 3, 9, 6, 30, tzinfo=UTC)  # 22:30 on the 8th in Los Angeles (PST)
    assert county_day(late_evening, county) == date(2026, 3, 8)
    assert county_day(late_evening, cast.sw) == date(2026, 3, 8)
    with time_machine.travel(late_evening, tick=False):
        assert county_today(cast.sw) == date(2026, 3, 8)
    assert county_day_start(date(2026, 3, 8), county) == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)


def test_only_case_carrying_roles_of_a_county_write_case_records(cast):
    for user in (cast.sw, cast.po, cast.supervisor):
        require_writer(user)
    with pytest.raises(PermissionDenied):
        require_writer(cast.admin)


def test_only_a_county_admin_passes_the_admin_check(cast):
    require_county_admin(cast.admin)
    for user in (cast.sw, cast.supervisor):
        with pytest.raises(PermissionDenied, match="Only county admins"):
            require_county_admin(user)


def test_the_acting_user_is_the_signed_in_one_and_anonymous_is_refused(cast):
    request = RequestFactory().get("/")
    request.user = cast.sw
    assert acting(request) == cast.sw
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        acting(request)


def test_field_errors_gather_then_raise_together():
    errors: FieldErrors = {}
    check_choice(errors, "role", "janitor", Role)
    check_text(errors, "name", "   ")
    check_text(errors, "note", "fine")
    with pytest.raises(ValidationError) as raised:
        raise_if(errors)
    assert raised.value.message_dict == {
        "role": ["'janitor' is not one of: social_worker, probation_officer, supervisor, county_admin."],
        "name": ["This field is required."],
    }
    raise_if({})


def test_a_change_naming_a_field_that_may_not_change_is_refused_whole():
    with pytest.raises(ValidationError) as raised:
        refuse_unknown({"goal": "x", "county": "y", "id": 1}, {"goal"})
    assert raised.value.message_dict == {
        "county": ["This field cannot be changed."],
        "id": ["This field cannot be changed."],
    }
