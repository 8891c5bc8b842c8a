"""Every trigger of DOMAIN.md §5 starts its clock; every report, contact, screening meets it; boundaries."""

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from referrals.models import Allegation, Contact
from reporting import triggers
from reporting.enforcement import sweep
from reporting.episodes import episode_record, episode_return, ncmec_packet, reconfirmation_record
from reporting.models import Deadline, Notification, Report
from reporting.reports import report_record
from screening.models import Screening

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)


def clocks(client: Any, kind: str) -> list[Deadline]:
    return list(Deadline.objects.filter(client=client, kind=kind).order_by("due_at"))


def only(client: Any, kind: str) -> Deadline:
    found = clocks(client, kind)
    assert len(found) == 1, found
    return found[0]


def overdue_alerted_at(deadline: Deadline, now: datetime) -> bool:
    sweep(now, send_email=False)
    deadline.refresh_from_db()
    return deadline.alert_sent_at is not None


def assert_boundary(deadline: Deadline) -> None:
    """One second before due the clock is open and not alerted; one second after it is overdue and alerted."""
    before, after = deadline.due_at - timedelta(seconds=1), deadline.due_at + timedelta(seconds=1)
    assert deadline.status_at(before) == "open"
    assert not overdue_alerted_at(deadline, before)
    assert deadline.status_at(after) == "overdue"
    assert overdue_alerted_at(deadline, after)


@time_machine.travel(NOW, tick=False)
def test_victim_row_starts_law_enforcement_clock_due_in_24_hours(cast, child, make_victim_row) -> None:
    received = NOW - timedelta(hours=3)
    triggers.csec_row_documented(make_victim_row(child, received), cast.sw)
    deadline = only(child, "law_enforcement_report")
    assert deadline.due_at == received + timedelta(hours=24)
    assert deadline.assigned_to == cast.sw
    assert_boundary(deadline)


@time_machine.travel(NOW, tick=False)
def test_at_risk_row_starts_no_clock(cast, child, make_victim_row) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW, csec_type="at_risk"), cast.sw)
    assert not Deadline.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_no_clock_for_child_outside_cws(cast, make_client, make_victim_row, make_referral) -> None:
    outside = make_client(status="none")
    triggers.csec_row_documented(make_victim_row(outside, NOW), cast.sw)
    referral = make_referral(outside, NOW, response_decision="immediate")
    triggers.response_decided(referral, cast.sw)
    episode_record(
        user=cast.sw, client=outside, discovered_at=NOW, circumstance="runaway", reasonably_believed_cse=True
    )
    assert not Deadline.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_one_open_law_enforcement_clock_per_child(cast, child, make_victim_row, make_referral) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW), cast.sw)
    referral = make_referral(child, NOW)
    allegation = Allegation.objects.create(
        county=child.county,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
        disposition="substantiated",
        disposition_at=NOW,
    )
    triggers.allegation_disposed(allegation, cast.sw)
    assert len(clocks(child, "law_enforcement_report")) == 1


@time_machine.travel(NOW, tick=False)
def test_substantiated_exploitation_starts_clock_and_report_meets_it(cast, child, make_referral) -> None:
    referral = make_referral(child, NOW - timedelta(days=2))
    allegation = Allegation.objects.create(
        county=child.county,
        referral=referral,
        victim=child,
        allegation_type="sexual_exploitation",
        perpetrator_relationship="other",
        disposition="substantiated",
        disposition_at=NOW - timedelta(hours=1),
    )
    triggers.allegation_disposed(allegation, cast.sw)
    report = report_record(
        user=cast.sw,
        kind="law_enforcement",
        client=child,
        made_at=NOW,
        method="phone",
        agency_name="Oakland PD",
        recipient="Sgt. Lee #4411",
        report_number="R-1",
    )
    deadline = only(child, "law_enforcement_report")
    assert (deadline.met_at, deadline.met_late, deadline.met_by_report) == (NOW, False, report)
    assert deadline.status_at(NOW + timedelta(days=9)) == "met"


@time_machine.travel(NOW, tick=False)
def test_report_made_before_clock_started_does_not_meet_it(cast, child, make_victim_row) -> None:
    report_record(
        user=cast.sw,
        kind="law_enforcement",
        client=child,
        made_at=NOW - timedelta(hours=5),
        method="phone",
        agency_name="Oakland PD",
    )
    triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=1)), cast.sw)
    assert only(child, "law_enforcement_report").met_at is None


@time_machine.travel(NOW, tick=False)
def test_late_report_meets_clock_late_keeping_both_times(cast, child, make_victim_row) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW - timedelta(hours=30)), cast.sw)
    report_record(
        user=cast.sw, kind="law_enforcement", client=child, made_at=NOW, method="web", agency_name="PD"
    )
    deadline = only(child, "law_enforcement_report")
    assert deadline.met_late is True
    assert deadline.met_at == NOW and deadline.due_at == NOW - timedelta(hours=6)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # immediate: 24 elapsed hours, across spring forward (8 March) and fall back (1 November)
        (at(2026, 3, 7, 18, 0), at(2026, 3, 8, 18, 0)),
        (at(2026, 10, 31, 18, 0), at(2026, 11, 1, 18, 0)),
    ],
)
def test_immediate_response_clock_across_dst(cast, child, make_referral, received, due) -> None:
    with time_machine.travel(received, tick=False):
        referral = make_referral(child, received, response_decision="immediate")
        triggers.response_decided(referral, cast.sw)
    deadline = only(child, "in_person_response")
    assert deadline.due_at == due
    assert_boundary(deadline)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (at(2026, 3, 1, 17, 0), at(2026, 3, 12, 7, 0)),  # PST received, PDT midnight due
        (at(2026, 10, 28, 17, 0), at(2026, 11, 8, 8, 0)),  # PDT received, PST midnight due
    ],
)
def test_ten_day_response_clock_across_dst(cast, child, make_referral, received, due) -> None:
    with time_machine.travel(received, tick=False):
        referral = make_referral(child, received, response_decision="ten_day")
        triggers.response_decided(referral, cast.sw)
    deadline = only(child, "in_person_response")
    assert deadline.due_at == due
    assert_boundary(deadline)


@time_machine.travel(NOW, tick=False)
def test_in_person_contact_meets_response_and_evaluated_out_cancels(cast, child, make_referral) -> None:
    referral = make_referral(child, NOW - timedelta(hours=2), response_decision="immediate")
    triggers.response_decided(referral, cast.sw)
    by_phone = Contact.objects.create(
        county=child.county, referral=referral, contact_type="child", made_at=NOW, in_person=False
    )
    triggers.contact_recorded(by_phone, cast.sw)
    assert only(child, "in_person_response").met_at is None
    visit = Contact.objects.create(
        county=child.county, referral=referral, contact_type="child", made_at=NOW, in_person=True
    )
    triggers.contact_recorded(visit, cast.sw)
    assert only(child, "in_person_response").met_at == NOW

    other = make_referral(child, NOW, response_decision="ten_day")
    triggers.response_decided(other, cast.sw)
    other.response_decision = "evaluated_out"
    triggers.response_decided(other, cast.sw)
    assert Deadline.objects.get(referral=other).cancelled_reason == "evaluated_out"


@time_machine.travel(NOW, tick=False)
def test_probation_referral_alleging_cse_starts_child_welfare_agency_clock(
    cast, child, make_referral
) -> None:
    referral = make_referral(child, NOW - timedelta(hours=1), receiving_agency="probation")
    triggers.referral_recorded(referral, cast.po)
    deadline = only(child, "child_welfare_agency_report")
    assert deadline.due_at == NOW + timedelta(hours=23)
    assert_boundary(deadline)
    report_record(
        user=cast.po,
        kind="child_welfare_agency",
        client=child,
        made_at=NOW,
        method="phone",
        agency_name="Alameda DCFS",
        referral=referral,
    )
    assert only(child, "child_welfare_agency_report").met_late is False


@time_machine.travel(NOW, tick=False)
def test_missing_at_risk_child_starts_two_24_hour_clocks_and_packet(cast, child) -> None:
    Screening.objects.create(
        county=child.county,
        client=child,
        performed_at=NOW - timedelta(days=3),
        performed_by=cast.sw,
        context="visit",
        indicators=["controlled_or_groomed"],
        at_risk=True,
        basis="strong_indicator",
        rule_version="1",
    )
    discovered = NOW - timedelta(hours=2)
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=discovered,
        circumstance="runaway",
        last_seen_at=discovered - timedelta(hours=5),
        last_known_location="Fruitvale BART",
        photo_release_contact="Sol Worker, Alameda DCFS",
    )
    assert episode.cse_concern
    for kind in ("law_enforcement_missing_report", "ncmec_report"):
        deadline = only(child, kind)
        assert deadline.due_at == discovered + timedelta(hours=24)
        assert deadline.missing_episode == episode
    assert len(clocks(child, "whereabouts_reconfirmation")) == 1
    assert ncmec_packet(episode)["missing"] == [
        "law_enforcement_agency",
        "law_enforcement_contact",
        "law_enforcement_report_number",
    ]
    report_record(
        user=cast.sw,
        kind="law_enforcement_missing",
        client=child,
        missing_episode=episode,
        made_at=NOW,
        method="phone",
        agency_name="Oakland PD",
        recipient="Ofc. Diaz #77",
        missing_person_report_number="MP-9",
        ncic_entry_confirmed=True,
    )
    assert ncmec_packet(episode) == {
        "complete": True,
        "missing": [],
        "fields": ncmec_packet(episode)["fields"],
    }
    assert only(child, "law_enforcement_missing_report").met_at == NOW
    assert only(child, "ncmec_report").met_at is None


@time_machine.travel(NOW, tick=False)
def test_missing_child_without_concern_gets_only_reconfirmation(cast, child) -> None:
    episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="lost")
    assert set(Deadline.objects.values_list("kind", flat=True)) == {"whereabouts_reconfirmation"}


@time_machine.travel(NOW, tick=False)
def test_probation_officer_must_call_ncmec(cast, child) -> None:
    with pytest.raises(ValidationError) as error:
        report_record(
            user=cast.po, kind="ncmec", client=child, made_at=NOW, method="web", agency_name="NCMEC"
        )
    assert "method" in error.value.error_dict
    assert not Report.objects.exists()
    report_record(user=cast.po, kind="ncmec", client=child, made_at=NOW, method="phone", agency_name="NCMEC")


@time_machine.travel(NOW, tick=False)
def test_episode_recorded_65_days_after_discovery_has_three_periods(cast, child) -> None:
    discovered = NOW - timedelta(days=65)
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=discovered,
        circumstance="runaway",
        late_entry_reason="Reported by the placement only now",
    )
    periods = clocks(child, "whereabouts_reconfirmation")
    assert [d.due_at for d in periods] == [discovered + timedelta(days=n) for n in (30, 60, 90)]
    assert [d.period for d in periods] == [1, 2, 3]
    # The first two periods were over before the episode was recorded: missed, not owed one by one.
    assert [(d.status_at(NOW), d.cancelled_reason) for d in periods] == [
        ("cancelled", "missed"),
        ("cancelled", "missed"),
        ("open", ""),
    ]

    reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=NOW - timedelta(hours=1))
    reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=NOW)  # nothing left to meet
    periods = clocks(child, "whereabouts_reconfirmation")
    assert [d.met_at for d in periods] == [None, None, NOW - timedelta(hours=1)]
    assert [d.met_late for d in periods] == [None, None, False]

    episode_return(user=cast.sw, episode=episode, returned_at=NOW)
    assert [d.status_at(NOW) for d in clocks(child, "whereabouts_reconfirmation")] == [
        "cancelled",
        "cancelled",
        "met",
    ]
    assessment = only(child, "return_assessment")
    assert assessment.due_at == NOW + timedelta(hours=72)
    assert not clocks(child, "return_notice_law_enforcement")  # no missing report was made


@time_machine.travel(NOW, tick=False)
def test_new_period_clock_appears_as_time_passes(cast, child) -> None:
    episode_record(user=cast.sw, client=child, discovered_at=NOW - timedelta(days=29), circumstance="runaway")
    assert len(clocks(child, "whereabouts_reconfirmation")) == 1
    sweep(NOW + timedelta(days=2), send_email=False)
    assert len(clocks(child, "whereabouts_reconfirmation")) == 2


@time_machine.travel(NOW, tick=False)
def test_return_starts_notices_for_reports_made_and_screening_meets_assessment(cast, child) -> None:
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=NOW - timedelta(days=2),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    for kind, agency in (("law_enforcement_missing", "PD"), ("ncmec", "NCMEC")):
        report_record(
            user=cast.sw,
            kind=kind,
            client=child,
            missing_episode=episode,
            made_at=NOW - timedelta(days=1),
            method="phone",
            agency_name=agency,
            ncic_entry_confirmed=True,
        )
    episode_return(user=cast.sw, episode=episode, returned_at=NOW - timedelta(hours=1))
    for kind in ("return_notice_law_enforcement", "return_notice_ncmec"):
        assert only(child, kind).due_at == NOW + timedelta(hours=23)
    screening = Screening.objects.create(
        county=child.county,
        client=child,
        missing_episode=episode,
        performed_at=NOW,
        performed_by=cast.sw,
        context="return_from_missing",
        indicators=[],
        at_risk=False,
        rule_version="1",
    )
    triggers.screening_recorded(screening, cast.sw)
    assert only(child, "return_assessment").met_at == NOW
    report_record(
        user=cast.sw,
        kind="return_notice_ncmec",
        client=child,
        missing_episode=episode,
        made_at=NOW,
        method="phone",
        agency_name="NCMEC",
    )
    assert only(child, "return_notice_ncmec").met_at == NOW


@time_machine.travel(NOW, tick=False)
def test_bad_episode_input_saves_nothing(cast, child) -> None:
    with pytest.raises(ValidationError):
        episode_record(
            user=cast.sw, client=child, discovered_at=NOW + timedelta(minutes=5), circumstance="lost"
        )
    episode = episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="lost")
    with pytest.raises(ValidationError):
        episode_record(user=cast.sw, client=child, discovered_at=NOW, circumstance="lost")
    with pytest.raises(ValidationError):
        episode_return(user=cast.sw, episode=episode, returned_at=NOW - timedelta(seconds=1))
    episode.refresh_from_db()
    assert episode.returned_at is None
    assert Deadline.objects.filter(cancelled_at__isnull=False).count() == 0


@time_machine.travel(NOW, tick=False)
def test_reassigning_the_client_moves_open_clocks(cast, child, make_client, make_victim_row) -> None:
    triggers.csec_row_documented(make_victim_row(child, NOW), cast.sw)
    child.assigned_worker = cast.po
    child.save()
    triggers.client_reassigned(child, cast.supervisor)
    assert only(child, "law_enforcement_report").assigned_to == cast.po


def test_reminder_then_one_overdue_alert_to_worker_and_supervisor(
    cast, child, make_victim_row, mailoutbox
) -> None:
    start = at(2026, 6, 15, 0, 0)
    with time_machine.travel(start, tick=False):
        triggers.csec_row_documented(make_victim_row(child, start), cast.sw)
    deadline = only(child, "law_enforcement_report")
    sweep(start + timedelta(hours=19, minutes=59))
    assert not Notification.objects.exists()
    sweep(start + timedelta(hours=20))
    sweep(start + timedelta(hours=21))
    assert sorted(Notification.objects.values_list("user__username", "kind")) == [
        ("sup_a", "due_soon"),
        ("sw_a", "due_soon"),
    ]
    for _ in range(2):
        sweep(deadline.due_at)
    overdue = Notification.objects.filter(kind="overdue")
    assert sorted(overdue.values_list("user__username", flat=True)) == ["sup_a", "sw_a"]
    assert len(mailoutbox) == 4
    assert {m.to[0] for m in mailoutbox} == {"sw_a@x.invalid", "sup_a@x.invalid"}
    assert "OVERDUE" in mailoutbox[-1].subject and "Times are Pacific Time." in mailoutbox[-1].body
    assert mailoutbox[-1].alternatives
