"""The county's clock settings (DOMAIN.md §5): defaults, set by its county admin over the API and the page,
used by clocks started afterwards only, refused to everyone else, bad input answered field by field."""

import threading
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client as WebClient
from django.urls import reverse

from reporting.county_settings import clock_settings_of, clock_settings_set
from reporting.episodes import episode_record, episode_return
from reporting.models import ClockSettings, Deadline
from reporting.reports import report_record

from ..conftest import make_user
from .conftest import at

URL = "/api/v1/clock-settings/"
DEFAULTS = {"return_notice_hours": 24, "return_assessment_hours": 72, "reminder_lead_hours": 4}
NOW = at(2026, 6, 15, 18, 0)


def web(user: Any) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def saved(county: Any) -> dict[str, int]:
    settings = clock_settings_of(county)
    return {field: getattr(settings, field) for field in DEFAULTS}


@pytest.fixture
def admin_b(cast: Any) -> Any:
    return make_user("admin_b", "Butte", "county_admin")


# --- Reading ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_county_user_reads_the_defaults_and_reading_writes_nothing(api, cast) -> None:
    for user in (cast.sw, cast.po, cast.supervisor, cast.admin, cast.sw_b):
        response = api(user).get(URL)
        assert response.status_code == 200
        assert response.json() == DEFAULTS
    assert api().get(URL).status_code == 401
    assert not ClockSettings.objects.exists()


# --- Setting them over the API ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_county_admin_sets_them_over_the_api_with_history(api, cast) -> None:
    response = api(cast.admin).patch(URL, {"return_notice_hours": 12}, format="json")
    assert response.status_code == 200
    assert response.json() == {**DEFAULTS, "return_notice_hours": 12}  # the others are kept
    assert api(cast.sw).get(URL).json() == {**DEFAULTS, "return_notice_hours": 12}
    assert api(cast.sw_b).get(URL).json() == DEFAULTS  # another county keeps its own

    changes = {"return_notice_hours": 168, "return_assessment_hours": 48, "reminder_lead_hours": 1}
    assert api(cast.admin).patch(URL, changes, format="json").json() == changes
    settings = ClockSettings.objects.get(county=cast.admin.county)
    rows = list(settings.history.order_by("history_date"))
    assert [row.history_user for row in rows] == [cast.admin, cast.admin]
    assert rows[0].history_change_reason == "Clock settings: return notice 24 h to 12 h"
    assert rows[1].history_change_reason == (
        "Clock settings: return notice 12 h to 168 h; return screening 72 h to 48 h; reminder 4 h to 1 h"
    )
    # Saving the same values again changes nothing and adds no history.
    assert api(cast.admin).patch(URL, changes, format="json").status_code == 200
    assert settings.history.count() == 2


@pytest.mark.django_db
def test_only_the_county_admin_may_change_them(api, cast) -> None:
    for user in (cast.sw, cast.po, cast.supervisor):
        assert api(user).patch(URL, {"return_notice_hours": 12}, format="json").status_code == 403
        assert api(user).patch(URL, {"return_notice_hours": "soon"}, format="json").status_code == 403
    assert api().patch(URL, {"return_notice_hours": 12}, format="json").status_code == 401
    assert not ClockSettings.objects.exists()
    with pytest.raises(PermissionDenied):
        clock_settings_set(user=cast.supervisor, county=cast.admin.county, return_notice_hours=12)


@pytest.mark.django_db
def test_another_countys_admin_changes_only_their_own(api, cast, admin_b) -> None:
    response = api(admin_b).patch(URL, {"return_assessment_hours": 96}, format="json")
    assert response.status_code == 200
    assert api(cast.sw_b).get(URL).json() == {**DEFAULTS, "return_assessment_hours": 96}
    assert api(cast.sw).get(URL).json() == DEFAULTS
    with pytest.raises(PermissionDenied):
        clock_settings_set(user=admin_b, county=cast.admin.county, return_assessment_hours=10)
    assert saved(cast.admin.county) == DEFAULTS
    assert not ClockSettings.objects.filter(county=cast.admin.county).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("return_notice_hours", 0),
        ("return_notice_hours", 169),
        ("return_notice_hours", -1),
        ("return_notice_hours", "soon"),
        ("return_notice_hours", None),
        ("return_notice_hours", True),
        ("return_notice_hours", 12.5),
        ("return_assessment_hours", 721),
        ("return_assessment_hours", ""),
        ("reminder_lead_hours", 0),
        ("reminder_lead_hours", 73),
        ("reminder_lead_hours", [4]),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(api, cast, field, value) -> None:
    # A good value beside the bad one is not saved either.
    other = "reminder_lead_hours" if field != "reminder_lead_hours" else "return_notice_hours"
    response = api(cast.admin).patch(URL, {field: value, other: 2}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field] and body[field]
    assert not ClockSettings.objects.exists()


@pytest.mark.django_db
def test_a_misspelt_or_empty_change_is_a_400(api, cast) -> None:
    response = api(cast.admin).patch(URL, {"return_notice_hour": 12}, format="json")
    assert response.status_code == 400 and response.json() == {"return_notice_hour": ["Not a clock setting."]}
    response = api(cast.admin).patch(URL, {}, format="json")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    response = api(cast.admin).patch(URL, [1, 2], format="json")
    assert response.status_code == 400
    assert not ClockSettings.objects.exists()


@pytest.mark.django_db
def test_the_service_checks_whole_numbers_and_bounds_itself(cast) -> None:
    county = cast.admin.county
    for values in (
        {"return_notice_hours": True},
        {"return_notice_hours": "12"},
        {"return_notice_hours": 12.0},
        {"return_assessment_hours": 0},
        {"reminder_lead_hours": 73},
        {"due_soon_hours": 3},
    ):
        with pytest.raises(ValidationError) as refused:
            clock_settings_set(user=cast.admin, county=county, **values)
        assert set(refused.value.message_dict) == set(values)
    assert not ClockSettings.objects.exists()
    # The bounds themselves are allowed.
    clock_settings_set(
        user=cast.admin,
        county=county,
        return_notice_hours=1,
        return_assessment_hours=720,
        reminder_lead_hours=72,
    )
    assert saved(county) == {
        "return_notice_hours": 1,
        "return_assessment_hours": 720,
        "reminder_lead_hours": 72,
    }


@pytest.mark.django_db
def test_the_api_is_documented(api, cast) -> None:
    schema = api(cast.sw).get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    operations = schema["paths"]["/api/v1/clock-settings/"]
    assert set(operations) >= {"get", "patch"}
    assert "clocks started afterwards" in operations["patch"]["description"]
    assert {"200", "400", "403"} <= set(operations["patch"]["responses"])


# --- Clocks started afterwards use them ---------------------------------------------------------------------


def missing_and_back(user: Any, child: Any, returned_at: Any) -> None:
    """A missing episode with both missing-child reports made, then the child's return."""
    episode = episode_record(
        user=user,
        client=child,
        discovered_at=returned_at - timedelta(days=2),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    for kind, agency in (("law_enforcement_missing", "PD"), ("ncmec", "NCMEC")):
        report_record(
            user=user,
            kind=kind,
            client=child,
            missing_episode=episode,
            made_at=returned_at - timedelta(days=1),
            method="phone",
            agency_name=agency,
            ncic_entry_confirmed=True,
        )
    episode_return(user=user, episode=episode, returned_at=returned_at)


def return_clocks(child: Any) -> dict[str, Deadline]:
    return {d.kind: d for d in Deadline.objects.filter(client=child, kind__startswith="return_")}


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_a_return_clock_started_after_the_change_uses_the_new_hours(api, cast, make_client) -> None:
    before, after = make_client(first_name="Before"), make_client(first_name="After")
    returned = NOW - timedelta(hours=1)
    missing_and_back(cast.sw, before, returned)
    changes = {"return_notice_hours": 12, "return_assessment_hours": 48, "reminder_lead_hours": 2}
    assert api(cast.admin).patch(URL, changes, format="json").status_code == 200
    missing_and_back(cast.sw, after, returned)

    old, new = return_clocks(before), return_clocks(after)
    assert (
        set(old) == set(new) == {"return_notice_law_enforcement", "return_notice_ncmec", "return_assessment"}
    )
    for kind in ("return_notice_law_enforcement", "return_notice_ncmec"):
        assert old[kind].due_at == returned + timedelta(hours=24)  # running clocks keep their times
        assert old[kind].remind_at == old[kind].due_at - timedelta(hours=4)
        assert new[kind].due_at == returned + timedelta(hours=12)
        assert new[kind].remind_at == new[kind].due_at - timedelta(hours=2)
    assert old["return_assessment"].due_at == returned + timedelta(hours=72)
    assert new["return_assessment"].due_at == returned + timedelta(hours=48)
    assert new["return_assessment"].remind_at == new["return_assessment"].due_at - timedelta(hours=2)


# --- The page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_page_is_the_county_admins_and_says_running_clocks_keep_their_times(cast, admin_b) -> None:
    url = reverse("reporting:clock-settings")
    for user in (cast.sw, cast.po, cast.supervisor):
        assert web(user).get(url).status_code == 403
        assert web(user).post(url, {**DEFAULTS, "return_notice_hours": "12"}).status_code == 403
    assert WebClient().get(url).status_code == 302  # to sign in
    page = web(cast.admin).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Clock settings of Alameda County" in html
    assert 'name="return_notice_hours" value="24"' in html
    assert 'name="return_assessment_hours" value="72"' in html
    assert 'name="reminder_lead_hours" value="4"' in html
    assert "A change applies to clocks that start after you save it" in html
    assert "Clock settings of Butte County" in web(admin_b).get(url).content.decode()
    assert not ClockSettings.objects.exists()


@pytest.mark.django_db
def test_the_county_admin_sets_them_on_the_page(cast) -> None:
    url = reverse("reporting:clock-settings")
    browser = web(cast.admin)
    typed = {"return_notice_hours": "200", "return_assessment_hours": "soon", "reminder_lead_hours": "6"}
    answer = browser.post(url, typed)
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'id="id_return_notice_hours_error"' in html and "from 1 to 168" in html
    assert 'id="id_return_assessment_hours_error"' in html and "from 1 to 720" in html
    assert 'id="id_reminder_lead_hours_error"' not in html
    assert 'value="200"' in html and 'value="soon"' in html and 'value="6"' in html  # what was typed is kept
    assert not ClockSettings.objects.exists()

    answer = browser.post(
        url,
        {"return_notice_hours": "12", "return_assessment_hours": "48", "reminder_lead_hours": "6"},
        follow=True,
    )
    assert answer.redirect_chain == [(url, 302)]
    html = answer.content.decode()
    assert "Clock settings saved" in html and "Clocks already running keep their times." in html
    assert 'name="return_notice_hours" value="12"' in html
    settings = ClockSettings.objects.get(county=cast.admin.county)
    assert (settings.return_notice_hours, settings.return_assessment_hours, settings.reminder_lead_hours) == (
        12,
        48,
        6,
    )
    assert settings.history.get().history_user == cast.admin


@pytest.mark.django_db
def test_the_dashboard_links_the_page_for_the_county_admin_only(cast) -> None:
    link = reverse("reporting:clock-settings")
    assert link in web(cast.admin).get(reverse("dashboard")).content.decode()
    assert link not in web(cast.supervisor).get(reverse("dashboard")).content.decode()


# --- Two saves at once --------------------------------------------------------------------------------------


def at_once(*actions: Any) -> list[BaseException]:
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(actions))

    def run(action: Any) -> None:
        try:
            barrier.wait()
            action()
        except BaseException as error:  # reported to the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_admins_saving_the_first_settings_at_once_both_succeed(cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    second = make_user("admin_a2", "Alameda", "county_admin")
    county = cast.admin.county
    errors = at_once(
        lambda: clock_settings_set(user=cast.admin, county=county, return_notice_hours=12),
        lambda: clock_settings_set(user=second, county=county, reminder_lead_hours=2),
    )
    assert errors == []
    assert saved(county) == {**DEFAULTS, "return_notice_hours": 12, "reminder_lead_hours": 2}
    settings = ClockSettings.objects.get(county=county)
    assert {row.history_user for row in settings.history.all()} == {cast.admin, second}


@pytest.mark.django_db
def test_starting_clocks_reads_the_settings_and_writes_none(cast, make_client) -> None:
    """Only the county admin's save writes the row: a clock in a county with no saved settings uses the
    defaults and leaves no settings row (nor a history row without a user) behind."""
    child = make_client()
    with time_machine.travel(NOW, tick=False):
        episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="runaway")
    assert Deadline.objects.filter(client=child).exists()
    assert not ClockSettings.objects.exists()
    assert not ClockSettings.history.exists()


@pytest.mark.django_db
def test_the_django_admin_shows_the_settings_but_does_not_change_them(cast) -> None:
    clock_settings_set(user=cast.admin, county=cast.admin.county, return_notice_hours=12)
    row = ClockSettings.objects.get()
    root = make_user("root", "Alameda", "county_admin")
    root.is_staff = root.is_superuser = True
    root.save()
    browser = web(root)
    url = reverse("admin:reporting_clocksettings_change", args=[row.pk])
    assert browser.get(url).status_code == 200
    assert browser.post(url, {"return_notice_hours": 999}).status_code == 403
    assert clock_settings_of(cast.admin.county).return_notice_hours == 12
