"""The notifications inbox (API and page): paged, filtered, read one at a time, resolved once its clocks are; the
header's unread count in one query; the reports list without a query per report."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from reporting.enforcement import sweep
from reporting.models import Deadline, Notification
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def overdue_clocks(make_client, count: int, kind: str = "ncmec_report") -> list[Deadline]:
    clocks = []
    for n in range(count):
        child = make_client(first_name=f"Kid{n}")
        clocks.append(
            Deadline.objects.create(
                county=child.county,
                client=child,
                kind=kind,
                assigned_to=child.assigned_worker,
                started_at=NOW - timedelta(hours=30),
                due_at=NOW - timedelta(hours=6),
                remind_at=NOW - timedelta(hours=10),
                reminder_sent_at=NOW - timedelta(hours=10),
            )
        )
    return clocks


def relative(url: str) -> str:
    parts = urlparse(url)
    return f"{parts.path}?{parts.query}"


def test_the_api_pages_by_the_kernel_cursor(api, cast, make_client) -> None:
    overdue_clocks(make_client, 7)
    sweep(NOW, send_email=False)
    seen: list[str] = []
    answer = api(cast.sw).get("/api/v1/notifications/", {"page_size": 3}).json()
    while True:
        seen += [n["id"] for n in answer["results"]]
        if not answer["next"]:
            break
        answer = api(cast.sw).get(relative(answer["next"])).json()
    assert len(seen) == len(set(seen)) == 7
    first = answer["results"][0]
    assert first["deadline"] == first["deadlines"][0] and len(first["deadlines"]) == 1
    assert first["resolved"] is False


def test_the_api_filters_by_kind_and_unread_and_marks_one_read(api, cast, make_client) -> None:
    overdue_clocks(make_client, 3)
    sweep(NOW, send_email=False)
    mine = api(cast.sw)
    assert len(mine.get("/api/v1/notifications/", {"kind": "overdue"}).json()["results"]) == 3
    assert mine.get("/api/v1/notifications/", {"kind": "due_soon"}).json()["results"] == []
    assert mine.get("/api/v1/notifications/", {"kind": "nope"}).status_code == 400
    one = mine.get("/api/v1/notifications/").json()["results"][0]["id"]
    answer = mine.post(f"/api/v1/notifications/{one}/read/")
    assert answer.status_code == 200 and answer.json()["read_at"]
    unread = mine.get("/api/v1/notifications/", {"unread": "true"}).json()["results"]
    assert len(unread) == 2 and one not in {n["id"] for n in unread}
    assert [n["id"] for n in mine.get("/api/v1/notifications/", {"unread": "false"}).json()["results"]] == [
        one
    ]
    # Somebody else's notification is not there for this user.
    theirs = Notification.objects.filter(user=cast.supervisor).first()
    assert theirs is not None
    assert mine.post(f"/api/v1/notifications/{theirs.pk}/read/").status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_an_alert_is_resolved_once_its_clocks_are_met(api, cast, make_client) -> None:
    (clock,) = overdue_clocks(make_client, 1)
    sweep(NOW, send_email=False)
    assert [n["resolved"] for n in api(cast.sw).get("/api/v1/notifications/").json()["results"]] == [False]
    report_record(
        user=cast.sw,
        kind="ncmec",
        client=clock.client,
        made_at=NOW - timedelta(hours=1),
        method="web",
        agency_name="NCMEC",
    )
    assert [n["resolved"] for n in api(cast.sw).get("/api/v1/notifications/").json()["results"]] == [True]


def test_the_page_pages_filters_and_marks_one_read(client, cast, make_client) -> None:
    overdue_clocks(make_client, 5)
    sweep(NOW, send_email=False)
    client.force_login(cast.sw)
    page = client.get("/notifications/", {"page_size": 2})
    text = page.content.decode()
    assert page.status_code == 200 and text.count('data-testid="notification"') == 2
    assert 'rel="next"' in text and 'rel="prev"' not in text
    assert (
        client.get("/notifications/", {"kind": "due_soon"})
        .content.decode()
        .count('data-testid="notification"')
        == 0
    )
    assert client.get("/notifications/", {"cursor": "forged"}).status_code == 404
    one = Notification.objects.filter(user=cast.sw).first()
    assert one is not None
    assert client.post(f"/notifications/{one.pk}/read/").status_code == 302
    one.refresh_from_db()
    assert one.read_at is not None
    unread = client.get("/notifications/", {"unread": "true"}).content.decode()
    assert unread.count('data-testid="notification"') == 4
    assert "Overdue" in text and "Report to NCMEC" in text and "Times are Pacific Time." in text


def test_the_page_shows_a_resolved_alert_as_resolved(client, cast, make_client) -> None:
    (clock,) = overdue_clocks(make_client, 1)
    sweep(NOW, send_email=False)
    Deadline.objects.filter(pk=clock.pk).update(met_at=NOW, met_late=True)
    client.force_login(cast.sw)
    assert "Resolved" in client.get("/notifications/").content.decode()


def test_the_header_counts_unread_notifications_in_one_query(cast, make_client) -> None:
    overdue_clocks(make_client, 3)
    sweep(NOW, send_email=False)
    request = RequestFactory().get("/")
    request.user = cast.sw
    template = Template("{% load reporting_panels %}{% notifications_badge user %}")
    with CaptureQueriesContext(connection) as captured:
        html = template.render(Context({"request": request, "user": cast.sw}))
    assert "(3 unread)" in html
    assert len(captured) == 1


def test_the_reports_list_costs_the_same_queries_for_3_and_30_reports(api, cast, make_client) -> None:
    def queries_for(count: int) -> int:
        for clock in overdue_clocks(make_client, count):
            report_record(
                user=cast.sw,
                kind="ncmec",
                client=clock.client,
                made_at=NOW - timedelta(hours=1),
                method="web",
                agency_name="NCMEC",
            )
        reader = api(cast.sw)
        with CaptureQueriesContext(connection) as captured:
            answer = reader.get("/api/v1/reports/", {"page_size": 100})
        assert answer.status_code == 200
        assert all(len(r["met_deadlines"]) == 1 for r in answer.json()["results"])
        return len(captured)

    assert queries_for(3) == queries_for(30)
