from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.services import user_create
from referrals.models import Client
from reporting.models import Deadline

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def child(worker, name="Ana"):
    return Client.objects.create(
        county=worker.county,
        first_name=name,
        last_name="Test",
        date_of_birth=date(2010, 1, 1),
        assigned_worker=worker,
        foster_care_status="in_foster_care",
    )


def clock(client, kind, due_in, met_late=None, cancelled=False):
    now = timezone.now()
    due = now + due_in
    met_at = (
        (due + timedelta(hours=1) if met_late else due - timedelta(hours=1)) if met_late is not None else None
    )
    return Deadline.objects.create(
        county=client.county,
        client=client,
        kind=kind,
        assigned_to=client.assigned_worker,
        started_at=due - timedelta(hours=24),
        due_at=due,
        remind_at=due - timedelta(hours=4),
        met_at=met_at,
        met_late=met_late,
        cancelled_at=now if cancelled else None,
        cancelled_reason="returned" if cancelled else "",
    )


@pytest.fixture
def board(cast):
    other_unit_sw = user_create(
        username="sw_other", password=PASSWORD, county_name="Alameda", role="social_worker"
    )
    mine = child(cast.sw)
    clock(mine, "law_enforcement_report", -timedelta(hours=2))  # overdue
    clock(mine, "ncmec_report", timedelta(hours=3))  # due soon
    clock(mine, "whereabouts_reconfirmation", timedelta(days=20))  # neither
    clock(mine, "ncmec_report", -timedelta(days=2), met_late=False)
    clock(mine, "ncmec_report", -timedelta(days=3), met_late=True)
    clock(mine, "return_assessment", -timedelta(hours=5), cancelled=True)
    theirs = child(other_unit_sw, "Ben")
    clock(theirs, "in_person_response", -timedelta(hours=1))  # overdue, not in sup_a's unit
    clock(child(cast.sw_b, "Cy"), "law_enforcement_report", -timedelta(hours=1))  # another county
    return other_unit_sw


def test_supervisor_sees_their_units_clocks(cast, api, board):
    answer = api(cast.supervisor).get("/api/v1/dashboard/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["scope"] == "unit"
    assert (body["overdue"], body["due_soon"]) == (1, 1)
    assert {(r["kind"], r["overdue"], r["due_soon"]) for r in body["by_kind"]} == {
        ("law_enforcement_report", 1, 0),
        ("ncmec_report", 0, 1),
    }
    assert [(r["username"], r["overdue"], r["due_soon"]) for r in body["by_worker"]] == [("sw_a", 1, 1)]
    assert body["on_time"] == [
        {"kind": "ncmec_report", "label": "Report to NCMEC", "met": 2, "on_time": 1, "on_time_rate": 0.5}
    ]
    assert [d["kind"] for d in body["overdue_deadlines"]] == ["law_enforcement_report"]


def test_county_admin_sees_the_whole_county_and_nothing_else(cast, api, board):
    body = api(cast.admin).get("/api/v1/dashboard/").json()
    assert body["scope"] == "county"
    assert body["overdue"] == 2
    assert {r["username"] for r in body["by_worker"]} == {"sw_a", "sw_other"}


@pytest.mark.parametrize("who", ["sw", "po"])
def test_workers_may_not_see_the_dashboard(cast, api, board, who, client):
    assert api(getattr(cast, who)).get("/api/v1/dashboard/").status_code == 403
    client.force_login(getattr(cast, who))
    assert client.get("/dashboard/").status_code == 403


def test_dashboard_page_lists_the_overdue_child(cast, client, board):
    client.force_login(cast.supervisor)
    page = client.get("/dashboard/").content.decode()
    assert 'data-testid="overdue-count">1<' in page
    assert "Ana Test" in page and "Ben Test" not in page and "Cy Test" not in page
    assert "50%" in page
