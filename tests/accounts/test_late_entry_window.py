"""The county's late-entry window: read by every user, set by its county admin (API and settings page), bounded,
with history; the kernel's rule reads it."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client as WebClient
from django.utils import timezone

from accounts.models import County
from accounts.services import late_entry_days_set
from kernel.errors import FieldErrors
from kernel.instants import LateEntry, check_instant

pytestmark = pytest.mark.django_db
URL = "/api/v1/county-settings/"


def test_every_county_user_reads_the_default_of_30_days(cast, api):
    for user in (cast.sw, cast.po, cast.supervisor, cast.admin, cast.sw_b):
        response = api(user).get(URL)
        assert (response.status_code, response.json()) == (
            200,
            {"late_entry_days": 30, "lockout_minutes": 30},
        )
    assert api().get(URL).status_code == 401


def test_the_county_admin_sets_it_with_history_and_only_for_their_county(cast, api):
    response = api(cast.admin).patch(URL, {"late_entry_days": 60}, format="json")
    assert (response.status_code, response.json()) == (200, {"late_entry_days": 60, "lockout_minutes": 30})
    county = County.objects.get(name="Alameda")
    assert county.late_entry_days == 60
    assert County.objects.get(name="Butte").late_entry_days == 30
    latest = county.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        cast.admin,
        "Late-entry window 30 to 60 days",
    )


@pytest.mark.parametrize("role", ["sw", "po", "supervisor"])
def test_anyone_else_is_refused(cast, api, role):
    response = api(getattr(cast, role)).patch(URL, {"late_entry_days": 5}, format="json")
    assert response.status_code == 403
    assert County.objects.get(name="Alameda").late_entry_days == 30


@pytest.mark.parametrize("bad", [0, 366, -1, 2.5, "thirty", None, True, "\x00", 10**12])
def test_bad_values_are_a_400_naming_the_field(cast, api, bad):
    response = api(cast.admin).patch(URL, {"late_entry_days": bad}, format="json")
    assert response.status_code == 400
    assert "late_entry_days" in response.json() or "detail" in response.json()
    assert County.objects.get(name="Alameda").late_entry_days == 30


def test_the_service_refuses_another_countys_admin_and_out_of_bounds(cast):
    butte = County.objects.get(name="Butte")
    with pytest.raises(PermissionDenied):
        late_entry_days_set(user=cast.admin, county=butte, days=10)
    with pytest.raises(ValidationError):
        late_entry_days_set(user=cast.admin, county=cast.admin.county, days=400)


def test_the_settings_page_sets_it_with_the_hours_and_keeps_bad_input(cast):
    browser = WebClient()
    browser.force_login(cast.admin)
    hours = {"return_notice_hours": "24", "return_assessment_hours": "72", "reminder_lead_hours": "4"}
    refused = browser.post("/clocks/settings/", {**hours, "late_entry_days": "999"})
    assert refused.status_code == 200 and 'value="999"' in refused.content.decode()
    assert County.objects.get(name="Alameda").late_entry_days == 30
    saved = browser.post("/clocks/settings/", {**hours, "late_entry_days": "14"}, follow=True)
    assert "need a late-entry reason" in saved.content.decode()
    assert County.objects.get(name="Alameda").late_entry_days == 14


def test_the_rule_reads_the_countys_window(cast):
    late_entry_days_set(user=cast.admin, county=cast.admin.county, days=7)
    county = County.objects.get(name="Alameda")
    errors: FieldErrors = {}
    now = timezone.now()
    check_instant(errors, "at", now - timedelta(days=8), now, late=LateEntry.of(county, ""))
    check_instant(errors, "ok", now - timedelta(days=8), now, late=LateEntry.of(county, "Closed file found"))
    assert errors == {"at": ["More than 7 days ago: mark it a late entry and say why."]}
