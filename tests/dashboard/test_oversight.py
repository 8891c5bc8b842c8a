"""The dashboard narrowed by worker and kind, its trend, its missing children and its CSV; the statistics page; and
what each costs: the same queries for a few clocks and children as for many."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AccessEvent
from caseplans import views as plan_views
from referrals.models import Client, CsecRow

from ..conftest import make_user
from .seed import LA, a_bit_of_everything, child, clock, flagged_child, met, missed, missing, reconfirmation

pytestmark = pytest.mark.django_db


def queries(client, path: str, **params: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path, params)
    assert answer.status_code == 200, answer.content[:500]
    return len(captured)


@pytest.fixture
def board(cast):
    """A second unit's worker in Alameda, and Butte's: each with everything, so scopes can be told apart."""
    now = timezone.now()
    other = make_user("sw_other", "Alameda", "social_worker")
    for worker in (cast.sw, cast.po, other, cast.sw_b):
        a_bit_of_everything(worker, now)
    return other


# --- What each costs --------------------------------------------------------------------------------------------


READS = [
    ("supervisor", "/api/v1/dashboard/", {}),
    ("admin", "/api/v1/dashboard/", {}),
    ("supervisor", "/api/v1/dashboard/", {"kind": "ncmec_report"}),
    ("supervisor", "/dashboard/", {}),
    ("admin", "/dashboard/", {}),
    ("supervisor", "/dashboard/", {"worker": "sw"}),
    ("supervisor", "/dashboard/csv/", {}),
    ("admin", "/dashboard/csv/", {"kind": "law_enforcement_report"}),
    ("admin", "/statistics/", {}),
    ("admin", "/statistics/csv/", {"from": "2020-01-01", "to": "2030-12-31"}),
    ("supervisor", "/case-plans/flags/", {}),
    ("admin", "/case-plans/flags/", {}),
    ("admin", "/api/v1/case-plan-flags/", {}),
]


@pytest.mark.parametrize(("reader", "path", "params"), READS)
def test_a_read_costs_the_same_queries_for_a_few_children_as_for_many(
    cast, api, client, reader, path, params
):
    user = getattr(cast, reader)
    if path.startswith("/api/"):
        http = api(user)
    else:
        http = client
        http.force_login(user)
    if params.get("worker") == "sw":
        params = {**params, "worker": str(cast.sw.pk)}
    now = timezone.now()
    for worker in (cast.sw, cast.po):
        a_bit_of_everything(worker, now)
    few = queries(http, path, **params)
    for _ in range(12):
        for worker in (cast.sw, cast.po, cast.supervisor):
            a_bit_of_everything(worker, now)
    many = queries(http, path, **params)
    assert many == few, f"{path} as {reader}: {few} queries for a few children, {many} for many"


def test_the_lists_stop_at_their_length_and_the_counts_go_on(cast, api, client, monkeypatch):
    from reporting import dashboard

    monkeypatch.setattr(dashboard, "LISTED", 2)
    now = timezone.now()
    for _ in range(3):
        a_bit_of_everything(cast.sw, now)
    body = api(cast.supervisor).get("/api/v1/dashboard/").json()
    assert (body["overdue"], len(body["overdue_deadlines"])) == (3, 2)
    assert (body["case_plan_flags_count"], len(body["case_plan_flags"])) == (3, 2)
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/").content.decode()
    assert "Missing now: 3" in page and page.count('data-testid="missing-row"') == 2


# --- Narrowed to a worker and a kind -----------------------------------------------------------------------------


def test_the_dashboard_narrows_to_one_worker_and_one_kind(cast, api, board):
    reader = api(cast.supervisor)
    whole = reader.get("/api/v1/dashboard/").json()
    assert (whole["overdue"], whole["due_soon"], whole["case_plan_flags_count"]) == (2, 2, 2)
    mine = reader.get("/api/v1/dashboard/", {"worker": str(cast.sw.pk)}).json()
    assert (mine["overdue"], mine["due_soon"], mine["case_plan_flags_count"]) == (1, 1, 1)
    assert [row["username"] for row in mine["by_worker"]] == ["sw_a"]
    assert {row["client"] for row in mine["overdue_deadlines"]} == {
        str(c.pk) for c in Client.objects.filter(assigned_worker=cast.sw)
    }
    reports = reader.get("/api/v1/dashboard/", {"kind": "ncmec_report"}).json()
    assert (reports["overdue"], reports["due_soon"]) == (0, 2)
    assert [(row["kind"], row["met"], row["on_time"]) for row in reports["on_time"]] == [
        ("ncmec_report", 2, 2)
    ]
    both = reader.get("/api/v1/dashboard/", {"worker": str(cast.po.pk), "kind": "law_enforcement_report"})
    assert (both.json()["overdue"], both.json()["due_soon"]) == (1, 0)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"worker": "not-an-id"}, "worker"),
        ({"worker": "00000000-0000-0000-0000-000000000000"}, "worker"),
        ({"worker": "sw_b"}, "worker"),  # another county's
        ({"worker": "sw_other"}, "worker"),  # the county's, but not of the supervisor's unit
        ({"kind": "parking_ticket"}, "kind"),
    ],
)
def test_a_bad_filter_is_refused_and_said_never_a_server_error(cast, api, client, board, params, field):
    named = {"sw_b": str(cast.sw_b.pk), "sw_other": str(board.pk)}
    params = {name: named.get(value, value) for name, value in params.items()}
    answer = api(cast.supervisor).get("/api/v1/dashboard/", params)
    assert answer.status_code == 400 and list(answer.json()) == [field]
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/", params)
    assert page.status_code == 400
    text = page.content.decode()
    assert "That filter could not be used" in text
    assert (
        "Choose a worker of your unit." if field == "worker" else "Choose a kind of clock from the list."
    ) in text
    assert 'data-testid="overdue-count">2<' in text  # the whole unit meanwhile
    assert client.get("/dashboard/csv/", params).status_code == 400


@pytest.mark.parametrize("worker", ["x" * 300, "a\x00b", "' OR 1=1 --"])
def test_a_worker_named_strangely_is_a_400_never_a_server_error(cast, api, client, worker):
    assert api(cast.admin).get("/api/v1/dashboard/", {"worker": worker}).status_code == 400
    client.force_login(cast.admin)
    assert client.get("/dashboard/", {"worker": worker}).status_code == 400
    assert client.get("/dashboard/csv/", {"worker": worker}).status_code == 400


def test_a_county_admin_may_narrow_to_any_worker_of_the_county_and_none_of_another(cast, api, board):
    reader = api(cast.admin)
    assert reader.get("/api/v1/dashboard/", {"worker": str(board.pk)}).json()["overdue"] == 1
    refused = reader.get("/api/v1/dashboard/", {"worker": str(cast.sw_b.pk)})
    assert refused.status_code == 400
    assert refused.json() == {"worker": ["Choose a worker of the county."]}


def test_a_county_of_many_workers_asks_for_a_username_and_keeps_it(cast, api, client, board, monkeypatch):
    from reporting import oversight_forms

    monkeypatch.setattr(oversight_forms, "WORKERS_LISTED", 2)
    client.force_login(cast.admin)
    page = client.get("/dashboard/").content.decode()
    assert '<input type="text" name="worker"' in page and '<select name="worker"' not in page
    narrowed = client.get("/dashboard/", {"worker": "sw_other"}).content.decode()
    assert 'value="sw_other"' in narrowed and 'data-testid="overdue-count">1<' in narrowed
    by_link = client.get("/dashboard/", {"worker": str(board.pk)}).content.decode()
    assert 'value="sw_other"' in by_link  # the by-worker table's link names the worker by id
    refused = client.get("/dashboard/", {"worker": "sw_b"})  # Butte's
    assert refused.status_code == 400 and "Choose a worker of the county." in refused.content.decode()
    assert api(cast.admin).get("/api/v1/dashboard/", {"worker": "sw_other"}).json()["overdue"] == 1


def test_the_page_offers_the_units_workers_and_keeps_the_filter(cast, client, board):
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/", {"worker": str(cast.po.pk), "kind": "law_enforcement_report"}).content
    text = page.decode()
    assert f'<option value="{cast.po.pk}" selected>' in text
    assert f'value="{board.pk}"' not in text and f'value="{cast.sw_b.pk}"' not in text
    assert '<option value="law_enforcement_report" selected>' in text
    assert f"?worker={cast.po.pk}&amp;kind=law_enforcement_report" in text  # the CSV link keeps the filters


# --- On time, by kind and week by week ---------------------------------------------------------------------------


def test_a_missed_clock_counts_late_in_the_rates(cast, api):
    now = timezone.now()
    kid = child(cast.sw)
    met(kid, "ncmec_report", now - timedelta(days=1))
    missed(kid, "ncmec_report", now - timedelta(days=1))
    missed(kid, "ncmec_report", now - timedelta(days=100))  # before the window
    body = api(cast.supervisor).get("/api/v1/dashboard/").json()
    assert body["on_time"] == [
        {"kind": "ncmec_report", "label": "Report to NCMEC", "met": 2, "on_time": 1, "on_time_rate": 0.5}
    ]


def test_the_trend_counts_twelve_county_weeks_by_the_week_each_clock_closed(cast, client, time_machine):
    # Wednesday Mar 11, 2026, noon in Alameda: this week began Monday Mar 9; twelve weeks back, Dec 22, 2025.
    time_machine.move_to(datetime(2026, 3, 11, 12, tzinfo=LA), tick=False)
    kid = child(cast.sw)
    met(kid, "ncmec_report", datetime(2026, 3, 9, 0, 30, tzinfo=LA))  # Monday just after midnight: this week
    met(kid, "ncmec_report", datetime(2026, 3, 8, 23, 30, tzinfo=LA), late=True)  # Sunday night (Monday UTC)
    missed(kid, "return_assessment", datetime(2026, 3, 8, 9, tzinfo=LA))
    met(kid, "ncmec_report", datetime(2025, 12, 22, 1, tzinfo=LA))  # the first week counted
    met(kid, "ncmec_report", datetime(2025, 12, 21, 23, tzinfo=LA))  # the week before it: not counted
    client.force_login(cast.supervisor)
    from reporting.oversight import Scope, on_time_trend

    trend = on_time_trend(Scope(cast.supervisor), timezone.now())
    assert [week["week"] for week in trend][::11] == [date(2025, 12, 22), date(2026, 3, 9)]
    assert len(trend) == 12
    by_week = {week["week"]: (week["met"], week["on_time"], week["on_time_rate"]) for week in trend}
    assert by_week[date(2026, 3, 9)] == (1, 1, 1.0)
    assert by_week[date(2026, 3, 2)] == (2, 0, 0.0)  # the late one and the missed one
    assert by_week[date(2025, 12, 22)] == (1, 1, 1.0)
    assert by_week[date(2026, 1, 5)] == (0, 0, None)
    page = client.get("/dashboard/").content.decode()
    assert 'data-testid="trend-table"' in page and "Mar 9, 2026" in page and "Dec 22, 2025" in page


def test_the_charts_are_drawn_without_inline_style_and_named_for_their_table(cast, client, board):
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/").content.decode()
    assert "style=" not in page
    for chart in ("on-time-chart", "trend-chart"):
        assert f'role="img" aria-labelledby="{chart}-title" aria-describedby="{chart}-desc"' in page
    assert '<title id="on-time-chart-title">Share of clocks met on time, by kind</title>' in page
    assert "Report to NCMEC</text>" in page and "100% (2 of 2)</text>" in page
    assert '<th scope="row">Report to NCMEC</th><td>2</td><td>2</td><td>100%</td>' in page


# --- Who is missing ----------------------------------------------------------------------------------------------


def test_the_children_missing_now_with_days_missing_and_the_next_reconfirmation(cast, client, time_machine):
    time_machine.move_to(datetime(2026, 3, 11, 12, tzinfo=LA), tick=False)
    now = timezone.now()
    ana = child(cast.sw, "Ana")
    episode = missing(ana, datetime(2026, 2, 1, 23, tzinfo=LA))  # Feb 1 in Alameda, Feb 2 in UTC
    reconfirmation(episode, 1, episode.discovered_at + timedelta(days=30), met_at=now)
    reconfirmation(episode, 2, episode.discovered_at + timedelta(days=60))
    missing(child(cast.sw, "Back"), now - timedelta(days=9), returned_at=now - timedelta(days=1))
    missing(child(cast.sw, "Wrong"), now - timedelta(days=9), entered_in_error_at=now)
    missing(child(cast.sw_b, "Elsewhere"), now - timedelta(days=9))
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/").content.decode()
    assert "Missing now: 1" in page
    row = page.split('data-testid="missing-row"')[1].split("</tr>")[0]
    assert "Ana Test" in row and '<td data-label="Days missing">38</td>' in row
    assert "Apr 2, 2026, 11:00 PM" in row  # the second period's, in the county's zone
    assert "Back Test" not in page and "Wrong Test" not in page and "Elsewhere Test" not in page
    assert AccessEvent.objects.filter(user=cast.supervisor, record_id=str(ana.pk), via="page").exists()


# --- The CSV ------------------------------------------------------------------------------------------------------


def rows_of(answer) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(answer.content.decode())))


def test_the_csv_holds_the_rows_shown_under_the_same_filters(cast, client, board, time_machine):
    client.force_login(cast.supervisor)
    answer = client.get("/dashboard/csv/", {"worker": str(cast.sw.pk)})
    assert answer.status_code == 200 and answer["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate(timezone=LA)
    assert answer["Content-Disposition"] == f'attachment; filename="dashboard-alameda-{today:%Y-%m-%d}.csv"'
    rows = rows_of(answer)
    sections = [row["section"] for row in rows]
    assert sections[:2] == ["view", "totals"]
    assert rows[0]["worker"] == "Sol Worker"
    assert (rows[1]["overdue"], rows[1]["due_soon"]) == ("1", "1")
    assert sections.count("on_time_by_week") == 12
    assert {row["section"] for row in rows} >= {"overdue", "due_soon", "missing", "by_kind", "by_worker"}
    assert {row["child_id"] for row in rows if row["child_id"]} == {
        str(c.pk) for c in Client.objects.filter(assigned_worker=cast.sw)
    }
    overdue = next(row for row in rows if row["section"] == "overdue")
    assert overdue["kind"] == "law_enforcement_report" and overdue["due_at"].endswith(("-07:00", "-08:00"))
    assert next(row for row in rows if row["section"] == "case_plan_overdue")["label"] == "No case plan"
    exported = AccessEvent.objects.filter(user=cast.supervisor, via="export")
    assert set(exported.values_list("record_id", flat=True)) == {
        str(c.pk) for c in Client.objects.filter(assigned_worker=cast.sw)
    }


def test_a_name_is_never_read_as_a_formula(cast, client):
    kid = child(cast.sw, "=HYPERLINK(1)")
    clock(kid, "law_enforcement_report", timezone.now() - timedelta(hours=1))
    client.force_login(cast.supervisor)
    overdue = next(row for row in rows_of(client.get("/dashboard/csv/")) if row["section"] == "overdue")
    assert overdue["child"] == "'=HYPERLINK(1) Test"


def test_workers_may_not_read_the_csv(cast, client):
    client.force_login(cast.sw)
    assert client.get("/dashboard/csv/").status_code == 403


# --- The statistics page -----------------------------------------------------------------------------------------


def test_the_statistics_page_shows_the_apis_numbers_with_a_chart_and_a_csv(cast, api, client):
    ana, ben = child(cast.sw, "Ana"), child(cast.sw, "Ben")
    for kid, csec_type in ((ana, "at_risk"), (ben, "at_risk"), (ben, "victim_during_foster_care")):
        CsecRow.objects.create(
            county=kid.county, client=kid, csec_type=csec_type, start_date=date(2026, 2, 1)
        )
    CsecRow.objects.create(
        county=cast.sw_b.county, client=child(cast.sw_b), csec_type="at_risk", start_date=date(2026, 2, 1)
    )
    period = {"from": "2026-01-01", "to": "2026-03-31"}
    numbers = api(cast.admin).get("/api/v1/statistics/csec/", period).json()
    client.force_login(cast.admin)
    page = client.get("/statistics/", period).content.decode()
    assert "style=" not in page and 'data-testid="statistics-chart"' in page
    assert '<tr data-testid="statistics-at_risk"><th scope="row">At Risk</th><td>2</td></tr>' in page
    assert f"<td>{numbers['victims_during_foster_care']}</td>" in page
    assert "/statistics/csv/?from=2026-01-01&amp;to=2026-03-31" in page
    answer = client.get("/statistics/csv/", period)
    assert answer["Content-Disposition"] == (
        'attachment; filename="csec-statistics-alameda-2026-01-01-to-2026-03-31.csv"'
    )
    assert {row["name"]: int(row["children"]) for row in rows_of(answer)} == {
        name: numbers[name]
        for name in (
            "victims_before_foster_care",
            "victims_during_foster_care",
            "victims_while_absent",
            "at_risk",
        )
    }


def test_the_statistics_page_shows_the_year_so_far_until_asked(cast, client, time_machine):
    time_machine.move_to(datetime(2026, 3, 11, 12, tzinfo=LA), tick=False)
    client.force_login(cast.admin)
    page = client.get("/statistics/").content.decode()
    assert 'value="2026-01-01"' in page and 'value="2026-03-11"' in page and "Jan 1, 2026" in page


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ({"from": "2026-03-01", "to": "2026-02-01"}, "Give a day on or after the first day."),
        ({"from": "2026-02-30", "to": "2026-03-01"}, "Give the first day as a date."),
        ({"from": "2026-01-01"}, "This field is required."),
    ],
)
def test_a_bad_period_is_said_on_the_page_with_what_was_typed(cast, client, period, message):
    client.force_login(cast.admin)
    answer = client.get("/statistics/", period)
    assert answer.status_code == 400
    text = answer.content.decode()
    assert message in text and f'value="{period["from"]}"' in text
    assert 'data-testid="statistics-table"' not in text
    assert client.get("/statistics/csv/", period).status_code == 400


# --- Where they are found ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["supervisor", "admin"])
def test_the_home_page_links_the_dashboard_and_the_statistics(cast, client, reader):
    client.force_login(getattr(cast, reader))
    home = client.get("/").content.decode()
    assert 'href="/dashboard/"' in home and 'href="/statistics/"' in home


def test_the_flags_page_pages_through_many_flagged_children(cast, client, monkeypatch):
    monkeypatch.setattr(plan_views, "FLAGS_PER_PAGE", 2)
    for _ in range(3):
        flagged_child(cast.sw)
    client.force_login(cast.supervisor)
    first = client.get("/case-plans/flags/").content.decode()
    assert first.count('data-testid="flag-row"') == 2 and "3 children: 1 to 2 below" in first
    assert 'href="?page=2"' in first
    second = client.get("/case-plans/flags/", {"page": "2"}).content.decode()
    assert second.count('data-testid="flag-row"') == 1 and 'href="?page=1"' in second
    assert client.get("/case-plans/flags/", {"page": "x"}).status_code == 200


def test_the_dashboards_flags_answer_as_the_flags_serializer_does(cast, api, board):
    from caseplans.selectors import flagged
    from caseplans.serializers import PlanFlagSerializer

    body = api(cast.admin).get("/api/v1/dashboard/").json()
    flags = flagged(cast.admin, listed=200).flags
    assert len(flags) == 3
    assert body["case_plan_flags"] == PlanFlagSerializer(flags, many=True).data
