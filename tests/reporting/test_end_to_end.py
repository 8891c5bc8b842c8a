"""Through the intake services: every trigger of DOMAIN.md §5 starts its clock and the right act meets it."""

from datetime import date, timedelta

import pytest
import time_machine

from referrals import services as intake
from referrals.models import CsecRow
from reporting.episodes import episode_document_exploitation, episode_record, episode_return
from reporting.models import Deadline
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


@pytest.fixture
def maya(cast):
    with time_machine.travel(NOW, tick=False):
        return intake.client_create(
            user=cast.sw,
            first_name="Maya",
            last_name="Reyes",
            date_of_birth=date(2011, 5, 2),
            foster_care_status="in_foster_care",
        )


def kinds(client) -> dict[str, str]:
    return {d.kind: d.status_at(NOW) for d in Deadline.objects.filter(client=client)}


@time_machine.travel(NOW, tick=False)
def test_intake_to_reports(cast, maya) -> None:
    referral = intake.referral_create(
        user=cast.po,
        client=maya,
        received_at=NOW - timedelta(hours=2),
        source="law_enforcement",
        alleges_cse=True,
    )
    assert kinds(maya) == {"child_welfare_agency_report": "open"}
    report_record(
        user=cast.po,
        kind="child_welfare_agency",
        client=maya,
        referral=referral,
        made_at=NOW,
        method="phone",
        agency_name="Alameda DCFS",
    )

    intake.response_decision_record(user=cast.sw, referral=referral, decision="immediate")
    assert Deadline.objects.get(kind="in_person_response").due_at == NOW + timedelta(hours=22)
    intake.contact_record(user=cast.sw, referral=referral, contact_type="child", made_at=NOW, in_person=True)

    allegation = intake.allegation_create(
        user=cast.sw,
        referral=referral,
        victim=maya,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    intake.allegation_dispose(user=cast.sw, allegation=allegation, disposition="substantiated")
    intake.csec_row_document(
        user=cast.sw, client=maya, csec_type="victim_during_foster_care", start_date=date(2026, 6, 1)
    )
    assert Deadline.objects.filter(kind="law_enforcement_report").count() == 1  # one open clock per child
    report_record(
        user=cast.sw,
        kind="law_enforcement",
        client=maya,
        made_at=NOW,
        method="phone",
        agency_name="Oakland PD",
        report_number="R-7",
    )
    assert kinds(maya) == {
        "child_welfare_agency_report": "met",
        "in_person_response": "met",
        "law_enforcement_report": "met",
    }


@time_machine.travel(NOW, tick=False)
def test_exploited_while_absent_documents_row_and_starts_law_enforcement_clock(cast, maya) -> None:
    episode = episode_record(
        user=cast.sw,
        client=maya,
        discovered_at=NOW - timedelta(days=3),
        last_seen_at=NOW - timedelta(days=3, hours=6),
        circumstance="runaway",
    )
    episode_return(user=cast.sw, episode=episode, returned_at=NOW - timedelta(hours=2))
    row = episode_document_exploitation(user=cast.sw, episode=episode)
    assert (row.csec_type, row.start_date, row.end_date) == (
        "victim_while_absent_from_placement",
        date(2026, 6, 12),
        date(2026, 6, 15),
    )
    assert CsecRow.objects.count() == 1
    clock = Deadline.objects.get(kind="law_enforcement_report")
    assert clock.due_at == NOW + timedelta(hours=24) and clock.csec_row == row


@time_machine.travel(NOW, tick=False)
def test_return_screening_through_the_screening_service_meets_return_assessment(cast, maya) -> None:
    from screening.services import screening_record

    episode = episode_record(
        user=cast.sw, client=maya, discovered_at=NOW - timedelta(days=1), circumstance="runaway"
    )
    episode = episode_return(user=cast.sw, episode=episode, returned_at=NOW - timedelta(hours=5))
    screening_record(
        user=cast.sw,
        client=maya,
        performed_at=NOW - timedelta(hours=6),
        context="visit",
        indicators=["frequent_truancy"],
    )
    assert Deadline.objects.get(kind="return_assessment").met_at is None  # an ordinary visit does not meet it
    screening_record(
        user=cast.sw,
        client=maya,
        performed_at=NOW,
        context="return_from_missing",
        indicators=["controlled_or_groomed"],
        missing_episode=episode,
    )
    clock = Deadline.objects.get(kind="return_assessment")
    assert (clock.met_at, clock.met_late) == (NOW, False)
