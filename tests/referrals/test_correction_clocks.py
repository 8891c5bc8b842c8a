"""The clocks follow a corrected entry, and forget one entered in error (reporting.triggers, .amendments)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from referrals import services
from reporting.enforcement import sweep
from reporting.models import Deadline
from reporting.reports import report_record

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
LE = "law_enforcement_report"


def clocks(child, kind=LE):
    return list(Deadline.objects.filter(client=child, kind=kind).order_by("created_at", "started_at"))


def victim_row(cast, child, received):
    return services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=timezone.localdate() - timedelta(days=2),
        information_received_at=received,
    )


def substantiated(cast, referral, child):
    allegation = services.allegation_create(
        user=cast.sw,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
    )
    return services.allegation_dispose(user=cast.sw, allegation=allegation, disposition="substantiated")


def law_enforcement_report(cast, child, made_at):
    return report_record(
        user=cast.sw, kind="law_enforcement", client=child, made_at=made_at, method="phone", agency_name="PD"
    )


@pytest.fixture
def immediate(cast, cse_referral):
    return services.response_decision_record(user=cast.sw, referral=cse_referral, decision="immediate")


def in_person(child):
    return Deadline.objects.get(client=child, kind="in_person_response", cancelled_at__isnull=True)


def test_a_victim_row_entered_in_error_cancels_its_law_enforcement_clock(cast, child):
    row = victim_row(cast, child, hours_ago(3))
    services.csec_row_void(user=cast.sw, row=row, reason="Typed on the wrong child")
    [clock] = clocks(child)
    assert (clock.cancelled_reason, clock.status) == ("entered_in_error", "cancelled")
    assert clock.history.first().history_change_reason == "cancelled: entered_in_error"


def test_correcting_when_the_information_came_moves_the_clock_due(cast, child):
    row = victim_row(cast, child, hours_ago(3))
    earlier = hours_ago(20)
    services.csec_row_correct(
        user=cast.sw, row=row, reason="Call came the day before", information_received_at=earlier
    )
    old, new = clocks(child)
    assert (old.cancelled_reason, old.csec_row_id) == ("corrected", row.pk)
    assert (new.started_at, new.due_at, new.status) == (earlier, earlier + timedelta(hours=24), "open")
    assert new.csec_row_id == row.pk


def test_a_row_corrected_to_at_risk_owes_no_report(cast, child):
    row = victim_row(cast, child, hours_ago(3))
    services.csec_row_correct(
        user=cast.sw, row=row, reason="Screening, not a disclosure", csec_type="at_risk"
    )
    assert [c.cancelled_reason for c in clocks(child)] == ["corrected"]


def test_a_corrected_row_keeps_the_report_that_met_its_clock(cast, child):
    row = victim_row(cast, child, hours_ago(10))
    report = law_enforcement_report(cast, child, hours_ago(2))
    services.csec_row_correct(
        user=cast.sw, row=row, reason="Earlier call", information_received_at=hours_ago(30)
    )
    old, new = clocks(child)
    assert (old.cancelled_reason, old.met_at, old.met_by_report_id) == ("corrected", None, None)
    assert (new.met_by_report_id, new.met_at, new.met_late) == (report.pk, report.made_at, True)


def test_a_contact_entered_in_error_reopens_the_in_person_response_it_met(
    cast, child, cse_referral, immediate
):
    contact = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    assert in_person(child).met_at == contact.made_at
    services.contact_void(user=cast.sw, contact=contact, reason="Visit was to another child")
    clock = in_person(child)
    assert (clock.met_at, clock.met_by, clock.status) == (None, "", "open")
    assert clock.history.first().history_change_reason.startswith("reopened:")


def test_a_reopened_clock_is_met_again_by_another_in_person_contact(cast, child, cse_referral, immediate):
    first = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1.5), in_person=True
    )
    second = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="parent", made_at=hours_ago(1), in_person=True
    )
    services.contact_void(user=cast.sw, contact=first, reason="Wrong referral")
    clock = in_person(child)
    assert (clock.met_at, clock.met_by) == (
        second.made_at,
        "In-person contact: A parent with access to the child",
    )


def test_a_contact_corrected_to_by_phone_no_longer_meets_the_response(cast, child, cse_referral, immediate):
    contact = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    services.contact_correct(user=cast.sw, contact=contact, reason="It was a phone call", in_person=False)
    assert in_person(child).met_at is None
    services.contact_correct(user=cast.sw, contact=contact, reason="It was a visit after all", in_person=True)
    assert in_person(child).met_at == contact.made_at


def test_a_reopened_clock_past_due_alerts_again(cast, child):
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=hours_ago(50), source="hotline", alleges_cse=True
    )
    services.response_decision_record(user=cast.sw, referral=referral, decision="immediate")
    sweep(send_email=False)
    late_visit = services.contact_record(
        user=cast.sw, referral=referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    clock = in_person(child)
    assert clock.met_at == late_visit.made_at and clock.alert_sent_at is not None
    services.contact_void(user=cast.sw, contact=late_visit, reason="Never happened")
    clock.refresh_from_db()
    assert (clock.met_at, clock.alert_sent_at, clock.reminder_sent_at) == (None, None, None)
    sweep(send_email=False)
    clock.refresh_from_db()
    assert clock.alert_sent_at is not None


def test_a_finding_corrected_to_unfounded_cancels_its_clock(cast, child, cse_referral):
    allegation = substantiated(cast, cse_referral, child)
    services.allegation_correct(
        user=cast.sw, allegation=allegation, reason="Supervisor review", disposition="unfounded"
    )
    assert [c.cancelled_reason for c in clocks(child)] == ["corrected"]


def test_another_victim_entry_starts_its_own_clock_once_the_covering_one_is_void(cast, child, cse_referral):
    row = victim_row(cast, child, hours_ago(5))
    finding = substantiated(cast, cse_referral, child)
    assert len(clocks(child)) == 1  # one open law-enforcement clock per child covers both
    services.csec_row_void(user=cast.sw, row=row, reason="Wrong child")
    old, new = clocks(child)
    assert old.cancelled_reason == "entered_in_error"
    assert (new.allegation_id, new.started_at, new.status) == (finding.pk, finding.disposition_at, "open")


def test_a_referral_entered_in_error_cancels_every_clock_it_and_its_findings_started(cast, child):
    referral = services.referral_create(
        user=cast.po, client=child, received_at=hours_ago(2), source="law_enforcement", alleges_cse=True
    )
    services.response_decision_record(user=cast.po, referral=referral, decision="immediate")
    substantiated(cast, referral, child)
    services.referral_void(user=cast.po, referral=referral, reason="Duplicate of an earlier referral")
    reasons = sorted(Deadline.objects.filter(client=child).values_list("kind", "cancelled_reason"))
    assert reasons == [
        ("child_welfare_agency_report", "entered_in_error"),
        ("in_person_response", "entered_in_error"),
        (LE, "entered_in_error"),
    ]


def test_correcting_when_probation_received_the_referral_moves_its_clocks(cast, child):
    referral = services.referral_create(
        user=cast.po, client=child, received_at=hours_ago(2), source="law_enforcement", alleges_cse=True
    )
    services.response_decision_record(user=cast.po, referral=referral, decision="immediate")
    received = hours_ago(6)
    services.referral_correct(user=cast.po, referral=referral, reason="Logged late", received_at=received)
    live = Deadline.objects.filter(client=child, cancelled_at__isnull=True)
    assert sorted((d.kind, d.due_at) for d in live) == [
        ("child_welfare_agency_report", received + timedelta(hours=24)),
        ("in_person_response", received + timedelta(hours=24)),
    ]
    assert Deadline.objects.filter(client=child, cancelled_reason="corrected").count() == 2


def test_no_longer_alleging_cse_cancels_probations_report_clock_and_no_other(cast, child):
    referral = services.referral_create(
        user=cast.po, client=child, received_at=hours_ago(2), source="law_enforcement", alleges_cse=True
    )
    services.response_decision_record(user=cast.po, referral=referral, decision="immediate")
    services.contact_record(
        user=cast.po, referral=referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    visit = in_person(child)
    services.referral_update(user=cast.po, referral=referral, alleges_cse=False)
    [clock] = clocks(child, "child_welfare_agency_report")
    assert clock.cancelled_reason == "corrected"
    assert in_person(child).history.count() == visit.history.count()  # the in-person clock is left as it was
    assert referral.codes.get().code == "S-CSEC Referral"  # the tag stays


def test_a_correction_that_moves_no_clock_leaves_them_alone(cast, child):
    row = victim_row(cast, child, hours_ago(3))
    services.csec_row_correct(
        user=cast.sw, row=row, reason="Start date typo", start_date=timezone.localdate() - timedelta(days=3)
    )
    [clock] = clocks(child)
    assert clock.status == "open" and clock.history.count() == 1


def test_the_clock_names_the_contact_as_corrected(cast, child, cse_referral, immediate):
    contact = services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )
    services.contact_correct(user=cast.sw, contact=contact, reason="It was the mother", contact_type="parent")
    assert in_person(child).met_by == "In-person contact: A parent with access to the child"
