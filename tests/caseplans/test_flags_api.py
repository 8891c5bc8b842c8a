"""`GET /api/v1/case-plan-flags/` and the flags on the dashboard API: who sees which flagged child, when a child
is flagged, and the read of each flagged child recorded."""

import threading
from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AccessEvent
from caseplans import services
from caseplans.models import CaseplanSettings
from reporting.models import Deadline

from ..conftest import make_user
from .conftest import add_row, make_child

LA = ZoneInfo("America/Los_Angeles")
URL = "/api/v1/case-plan-flags/"


@pytest.fixture
def flagged(cast, time_machine):
    """Three identified children of Alameda on Jan 5: a victim of the worker with no plan, an at-risk child of
    the probation officer whose plan has no CSE service, and an at-risk child of another unit's worker; one
    identified child of Butte. Read on Feb 10, past the 30 days."""
    time_machine.move_to(datetime(2026, 1, 5, 12, tzinfo=LA), tick=False)
    other_sup = make_user("sup_a2", "Alameda", "supervisor")
    other_sw = make_user("sw_a2", "Alameda", "social_worker", supervisor_username="sup_a2")
    victim = make_child(cast.sw, "Vic")
    add_row(victim, "victim_during_foster_care", date(2026, 1, 5))
    at_risk = make_child(cast.po, "Ria")
    add_row(at_risk, "at_risk", date(2026, 1, 5))
    services.case_plan_save(
        user=cast.po, client=at_risk, assessment_date=date(2026, 1, 5), goal="Stability", addresses_cse=True
    )
    elsewhere = make_child(other_sw, "Ola")
    add_row(elsewhere, "at_risk", date(2026, 1, 5))
    butte = make_child(cast.sw_b, "Bea")
    add_row(butte, "at_risk", date(2026, 1, 5))
    time_machine.move_to(datetime(2026, 2, 10, 12, tzinfo=LA), tick=False)
    return {"victim": victim, "at_risk": at_risk, "elsewhere": elsewhere, "butte": butte, "sup2": other_sup}


def names(answer) -> list[str]:
    return sorted(row["client_name"].split()[0] for row in answer.json()["results"])


@pytest.mark.django_db
def test_each_role_sees_its_own_flagged_children_and_never_another_countys(api, cast, flagged) -> None:
    assert names(api(cast.admin).get(URL)) == ["Ola", "Ria", "Vic"]
    assert names(api(cast.supervisor).get(URL)) == ["Ria", "Vic"]
    assert names(api(flagged["sup2"]).get(URL)) == ["Ola"]
    assert names(api(cast.sw).get(URL)) == ["Vic"]
    assert names(api(cast.sw_b).get(URL)) == ["Bea"]
    assert api().get(URL).status_code == 401


@pytest.mark.django_db
def test_a_flag_says_why_and_since_when(api, cast, flagged) -> None:
    answer = api(cast.supervisor).get(URL).json()
    assert (answer["next"], answer["previous"], answer["due_days"]) == (None, None, 30)
    rows = {row["client_name"].split()[0]: row for row in answer["results"]}
    assert rows["Vic"].pop("message") == "No case plan: one was due by Feb 4, 2026."
    assert rows["Vic"] == {
        "client": str(flagged["victim"].pk),
        "client_name": "Vic Rivera",
        "assigned_worker": str(cast.sw.pk),
        "reason": "no_plan",
        "reason_label": "No case plan",
        "victim": True,
        "identified_on": "2026-01-05",
        "days_since": 36,
        "due_days": 30,
        "due_on": "2026-02-04",
    }
    assert (rows["Ria"]["reason"], rows["Ria"]["victim"]) == ("no_cse_service", False)


@pytest.mark.django_db
def test_no_flag_until_the_countys_days_have_passed(api, cast, flagged, time_machine) -> None:
    CaseplanSettings.objects.create(county=cast.admin.county, plan_due_days=40)
    assert names(api(cast.admin).get(URL)) == []
    time_machine.move_to(datetime(2026, 2, 15, 12, tzinfo=LA), tick=False)
    assert names(api(cast.admin).get(URL)) == ["Ola", "Ria", "Vic"]


@pytest.mark.django_db
def test_the_flag_starts_on_the_first_county_day_after_the_days(api, cast, flagged, time_machine) -> None:
    """Identified Jan 5 with 40 days: due by Feb 14 (Los Angeles). Not flagged at 23:59 that day, when it is
    already Feb 15 in UTC; flagged from the first minute of Feb 15 in Los Angeles."""
    CaseplanSettings.objects.create(county=cast.admin.county, plan_due_days=40)
    time_machine.move_to(datetime(2026, 2, 14, 23, 59, tzinfo=LA), tick=False)
    assert names(api(cast.admin).get(URL)) == []
    time_machine.move_to(datetime(2026, 2, 15, 0, 0, tzinfo=LA), tick=False)
    rows = api(cast.admin).get(URL).json()["results"]
    assert sorted(
        (r["client_name"], r["reason"], r["days_since"], r["due_days"], r["due_on"]) for r in rows
    ) == [
        ("Ola Rivera", "no_plan", 41, 40, "2026-02-14"),
        ("Ria Rivera", "no_cse_service", 41, 40, "2026-02-14"),
        ("Vic Rivera", "no_plan", 41, 40, "2026-02-14"),
    ]


@pytest.mark.django_db
def test_a_victim_plan_with_only_an_at_risk_service_is_still_flagged(api, cast, flagged) -> None:
    plan = services.case_plan_save(
        user=cast.sw,
        client=flagged["victim"],
        assessment_date=date(2026, 2, 1),
        goal="Safety",
        addresses_cse=True,
    )
    services.service_add(
        user=cast.sw,
        plan=plan,
        service_code="cse_prevention_education",
        provider="Bay Area Schools",
        referred_on=date(2026, 2, 2),
    )
    rows = {r["client_name"]: r for r in api(cast.sw).get(URL).json()["results"]}
    assert (rows["Vic Rivera"]["reason"], rows["Vic Rivera"]["reason_label"]) == (
        "no_cse_service",
        "No CSE service in the plan",
    )
    services.service_add(
        user=cast.sw,
        plan=plan,
        service_code="specialized_counseling",
        provider="Bay Area Counseling",
        referred_on=date(2026, 2, 2),
    )
    assert names(api(cast.sw).get(URL)) == []


@pytest.mark.django_db
def test_the_flags_are_cursor_pages_and_only_the_children_shown_are_recorded(api, cast, flagged) -> None:
    admin = api(cast.admin)
    answer = admin.get(URL, {"page_size": 1}).json()
    seen = [answer["results"][0]["client_name"]]
    assert (answer["previous"], answer["due_days"]) == (None, 30)
    assert AccessEvent.objects.filter(user=cast.admin).count() == 1
    while answer["next"]:
        answer = admin.get(answer["next"]).json()
        seen += [row["client_name"] for row in answer["results"]]
        assert answer["due_days"] == 30
    assert sorted(seen) == ["Ola Rivera", "Ria Rivera", "Vic Rivera"]  # each once
    events = AccessEvent.objects.filter(user=cast.admin)
    assert Counter(events.values_list("record_id", "via")) == {
        (str(flagged[key].pk), "api"): 1 for key in ("victim", "at_risk", "elsewhere")
    }


def reads(user, via: str) -> Counter[str]:
    """How many access events `user` left on each child's record, through `via`."""
    events = AccessEvent.objects.filter(user=user, via=via, record_type="referrals.client")
    return Counter(events.values_list("record_id", flat=True))


@pytest.mark.django_db
def test_reading_the_flags_records_a_read_of_each_child_listed(api, cast, flagged) -> None:
    api(cast.supervisor).get(URL)
    assert reads(cast.supervisor, "api") == {str(flagged["victim"].pk): 1, str(flagged["at_risk"].pk): 1}
    assert AccessEvent.objects.exclude(user=cast.supervisor).count() == 0
    assert AccessEvent.objects.filter(user=cast.supervisor).exclude(via="api").count() == 0


@pytest.mark.django_db
def test_the_flags_page_records_a_read_of_each_child_listed(cast, flagged, client) -> None:
    client.force_login(cast.supervisor)
    page = client.get("/case-plans/flags/").content.decode()
    assert "Vic Rivera" in page and "Ria Rivera" in page and "Ola Rivera" not in page
    assert reads(cast.supervisor, "page") == {str(flagged["victim"].pk): 1, str(flagged["at_risk"].pk): 1}
    assert AccessEvent.objects.count() == 2


def clock(child, kind: str, due_in: timedelta) -> Deadline:
    due = timezone.now() + due_in
    return Deadline.objects.create(
        county_id=child.county_id,
        client=child,
        kind=kind,
        assigned_to=child.assigned_worker,
        started_at=due - timedelta(hours=24),
        due_at=due,
        remind_at=due - timedelta(hours=4),
    )


@pytest.mark.django_db
def test_the_dashboard_records_one_read_of_a_child_named_in_several_lists(api, cast, flagged, client) -> None:
    """The victim is overdue on one clock, due soon on another, and flagged: one read per look, not three."""
    clock(flagged["victim"], "law_enforcement_report", -timedelta(hours=2))
    clock(flagged["victim"], "ncmec_report", timedelta(hours=3))
    board = api(cast.admin).get("/api/v1/dashboard/").json()
    assert (board["overdue"], board["due_soon"], board["case_plan_flags_count"]) == (1, 1, 3)
    expected = {str(flagged[key].pk): 1 for key in ("victim", "at_risk", "elsewhere")}
    assert reads(cast.admin, "api") == expected

    client.force_login(cast.admin)
    page = client.get("/dashboard/").content.decode()
    assert page.count("Vic Rivera") >= 2
    assert reads(cast.admin, "page") == expected
    assert AccessEvent.objects.count() == 6


@pytest.mark.django_db
def test_the_dashboard_api_and_page_carry_the_flags_and_record_the_reads(api, cast, flagged, client) -> None:
    board = api(cast.supervisor).get("/api/v1/dashboard/").json()
    assert board["case_plan_flags_count"] == 2
    assert sorted(row["client_name"] for row in board["case_plan_flags"]) == ["Ria Rivera", "Vic Rivera"]
    assert AccessEvent.objects.filter(user=cast.supervisor, via="api").count() == 2

    client.force_login(cast.admin)
    page = client.get("/dashboard/").content.decode()
    assert "Ola Rivera" in page
    assert AccessEvent.objects.filter(user=cast.admin, via="page").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_admins_saving_the_countys_first_days_at_once_both_succeed(cast) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    second = make_user("admin_a2", "Alameda", "county_admin")
    county = cast.admin.county
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def save(user, days: int) -> None:
        try:
            barrier.wait()
            services.plan_due_days_set(user=user, county=county, days=days)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in ((cast.admin, 20), (second, 45))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    settings = CaseplanSettings.objects.get(county=county)
    saves = list(settings.history.order_by("history_date", "history_id"))
    assert sorted(save.plan_due_days for save in saves) == [20, 45]  # both saved, one after the other
    assert saves[0].history_type == "+" and saves[1].history_type == "~"
    assert settings.plan_due_days == saves[-1].plan_due_days  # the last save is the value kept


@pytest.mark.django_db
def test_the_dashboard_lists_the_first_flags_counts_all_and_records_only_those_shown(
    api, cast, flagged, monkeypatch
) -> None:
    from reporting import dashboard

    monkeypatch.setattr(dashboard, "LISTED", 1)
    board = api(cast.admin).get("/api/v1/dashboard/").json()
    assert (board["case_plan_flags_count"], len(board["case_plan_flags"])) == (3, 1)
    shown = AccessEvent.objects.get(user=cast.admin)
    assert shown.record_id == board["case_plan_flags"][0]["client"]
