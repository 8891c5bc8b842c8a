"""Probation's report to child welfare (ACL 16-85, "Intake & Investigation", A; DOMAIN.md §4-5): owed for any
child probation receives a report of commercial sexual exploitation about, whether or not the child already
receives child welfare services, and owed once per report received."""

from datetime import date, timedelta

import pytest
import time_machine

from referrals import services as intake
from referrals.models import Client
from reporting import triggers
from reporting.models import Deadline
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
OWED = "child_welfare_agency_report"


def make_child(user, status: str) -> Client:
    with time_machine.travel(NOW - timedelta(days=1), tick=False):
        return intake.client_create(
            user=user,
            first_name="Rio",
            last_name="Vance",
            date_of_birth=date(2010, 9, 1),
            foster_care_status=status,
        )


@pytest.fixture
def outside(cast) -> Client:
    """A child probation knows whom child welfare serves in no way: no case, not in care, no ILP services."""
    child = make_child(cast.po, "none")
    assert not child.cws_category_on(NOW.date()).receiving_cws
    return child


@pytest.fixture
def in_care(cast) -> Client:
    return make_child(cast.po, "in_foster_care")


def standing(child: Client) -> list[Deadline]:
    """The child's probation clocks that stand (not set aside by a correction or an entry in error)."""
    clocks = Deadline.objects.filter(client=child, kind=OWED).exclude(
        cancelled_reason__in=["corrected", "entered_in_error"]
    )
    return list(clocks.order_by("started_at"))


def probation_receives(user, child: Client, hours_ago: int = 2, **kwargs):
    values = {"source": "law_enforcement", "alleges_cse": True, **kwargs}
    return intake.referral_create(
        user=user, client=child, received_at=NOW - timedelta(hours=hours_ago), **values
    )


@time_machine.travel(NOW, tick=False)
def test_a_report_probation_receives_about_a_child_outside_cws_starts_the_clock(cast, outside) -> None:
    referral = probation_receives(cast.po, outside)
    assert referral.receiving_agency == "probation"
    [clock] = standing(outside)
    assert clock.started_at == NOW - timedelta(hours=2)
    assert clock.due_at == NOW + timedelta(hours=22)
    assert clock.referral_id == referral.pk
    assert clock.assigned_to == cast.po
    assert clock.status == "open"

    report = report_record(
        user=cast.po,
        kind="child_welfare_agency",
        client=outside,
        referral=referral,
        made_at=NOW,
        method="phone",
        agency_name="Alameda County Child Welfare Services",
    )
    clock.refresh_from_db()
    assert clock.met_by_report == report and clock.met_late is False


@time_machine.travel(NOW, tick=False)
def test_only_probations_clock_starts_for_a_child_outside_cws(cast, outside) -> None:
    """The other statutory clocks stay for children receiving child welfare services (DOMAIN.md §1)."""
    referral = probation_receives(cast.po, outside)
    intake.response_decision_record(user=cast.po, referral=referral, decision="immediate")
    intake.csec_row_document(
        user=cast.po,
        client=outside,
        csec_type="victim_before_foster_care",
        start_date=date(2026, 6, 1),
        information_received_at=NOW - timedelta(hours=1),
    )
    assert sorted(Deadline.objects.filter(client=outside).values_list("kind", flat=True)) == [OWED]


@time_machine.travel(NOW, tick=False)
def test_a_child_in_cws_gets_exactly_one_clock(cast, in_care) -> None:
    probation_receives(cast.po, in_care)
    assert len(standing(in_care)) == 1
    assert Deadline.objects.filter(client=in_care, kind=OWED).count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("status", ["none", "in_foster_care"])
def test_the_report_heard_twice_still_owes_one_clock(cast, status) -> None:
    child = make_child(cast.po, status)
    referral = probation_receives(cast.po, child)
    triggers.referral_recorded(referral, cast.po)
    assert Deadline.objects.filter(client=child, kind=OWED).count() == 1


@time_machine.travel(NOW, tick=False)
def test_each_report_probation_receives_owes_its_own_clock(cast, outside) -> None:
    first = probation_receives(cast.po, outside, hours_ago=5)
    second = probation_receives(cast.po, outside, hours_ago=1)
    assert [c.referral_id for c in standing(outside)] == [first.pk, second.pk]


@time_machine.travel(NOW, tick=False)
def test_a_report_child_welfare_receives_owes_no_probation_clock(cast, outside) -> None:
    probation_receives(cast.sw, outside, receiving_agency="child_welfare")
    assert standing(outside) == []


@time_machine.travel(NOW, tick=False)
def test_a_probation_referral_alleging_no_exploitation_owes_none(cast, outside) -> None:
    referral = probation_receives(cast.po, outside, alleges_cse=False)
    assert standing(outside) == []
    intake.referral_update(user=cast.po, referral=referral, alleges_cse=True)
    [clock] = standing(outside)
    assert clock.started_at == referral.received_at


@time_machine.travel(NOW, tick=False)
def test_a_corrected_receipt_moves_the_one_clock(cast, outside) -> None:
    referral = probation_receives(cast.po, outside, hours_ago=2)
    received = NOW - timedelta(hours=6)
    intake.referral_correct(user=cast.po, referral=referral, reason="Logged late", received_at=received)
    [clock] = standing(outside)
    assert clock.started_at == received and clock.due_at == received + timedelta(hours=24)
    assert Deadline.objects.filter(client=outside, kind=OWED, cancelled_reason="corrected").count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_referral_entered_in_error_cancels_the_clock(cast, outside) -> None:
    referral = probation_receives(cast.po, outside)
    intake.referral_void(user=cast.po, referral=referral, reason="Wrong child")
    assert standing(outside) == []
    assert Deadline.objects.get(client=outside, kind=OWED).cancelled_reason == "entered_in_error"


@time_machine.travel(NOW, tick=False)
def test_through_the_api_the_clock_is_listed(cast, outside, api) -> None:
    answer = api(cast.po).post(
        "/api/v1/referrals/",
        {
            "client": str(outside.pk),
            "received_at": (NOW - timedelta(hours=3)).isoformat(),
            "receiving_agency": "probation",
            "source": "law_enforcement",
            "alleges_cse": True,
            "narrative": "Arrested for loitering; disclosed being exploited.",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    listed = api(cast.po).get("/api/v1/deadlines/", {"client": str(outside.pk)}).json()["results"]
    assert [(d["kind"], d["status"], d["referral"]) for d in listed] == [(OWED, "open", answer.json()["id"])]
