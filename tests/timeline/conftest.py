"""A child with one of every kind of timeline entry, each made at its own known instant."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from caseplans import services as plans
from notes import services as notes
from notes.models import CaseNote
from referrals import services as record
from referrals.models import Allegation, Client, Contact, CsecRow, Referral
from reporting import episodes, reports
from screening import services as screening

# Every instant of the story lies within the county's late-entry window, an hour apart.
START = timezone.now().replace(microsecond=0) - timedelta(days=10)


def at(hour: int) -> datetime:
    return START + timedelta(hours=hour)


@dataclass
class Story:
    child: Client
    referral: Referral
    contact: Contact
    allegation: Allegation
    row: CsecRow
    note: CaseNote
    voided_note: CaseNote
    service_day: date
    meeting_day: date


def make_child(user, first_name: str = "Maya") -> Client:
    return record.client_create(
        user=user,
        first_name=first_name,
        last_name="Lopez",
        date_of_birth=date(2011, 5, 4),
        foster_care_status="in_foster_care",
    )


def tell(sw, child: Client) -> Story:
    """Referral, contact, allegation found, screening, CSEC row, missing episode with an attempt and a
    reconfirmation, a report, a plan's service and meeting, two notes, and then corrections."""
    zone = child.county.zone
    with time_machine.travel(at(0), tick=False):
        referral = record.referral_create(
            user=sw, client=child, received_at=at(0), source="hotline", alleges_cse=True
        )
    with time_machine.travel(at(1), tick=False):
        contact = record.contact_record(
            user=sw, referral=referral, contact_type="child", made_at=at(1), in_person=True, name="Maya"
        )
    with time_machine.travel(at(2), tick=False):
        allegation = record.allegation_create(
            user=sw,
            referral=referral,
            victim=child,
            allegation_type="sexual_exploitation",
            perpetrator_relationship="other",
        )
    with time_machine.travel(at(2) + timedelta(minutes=30), tick=False):
        record.allegation_dispose(user=sw, allegation=allegation, disposition="substantiated")
    with time_machine.travel(at(3), tick=False):
        screening.screening_record(
            user=sw, client=child, performed_at=at(3), context="intake", indicators=["controlled_or_groomed"]
        )
    with time_machine.travel(at(4), tick=False):
        row = record.csec_row_document(
            user=sw,
            client=child,
            csec_type="victim_during_foster_care",
            start_date=timezone.localdate(at(0), zone),
            information_received_at=at(4),
        )
    with time_machine.travel(at(5), tick=False):
        episode = episodes.episode_record(user=sw, client=child, discovered_at=at(5), circumstance="runaway")
    with time_machine.travel(at(6), tick=False):
        episodes.locate_attempt_record(user=sw, episode=episode, attempted_at=at(6), method="Called the aunt")
    with time_machine.travel(at(7), tick=False):
        episodes.reconfirmation_record(user=sw, episode=episode, confirmed_at=at(7))
    with time_machine.travel(at(8), tick=False):
        reports.report_record(
            user=sw,
            kind="law_enforcement_missing",
            client=child,
            missing_episode=episode,
            made_at=at(8),
            method="phone",
            agency_name="Oakland Police",
            missing_person_report_number="MP-1",
            ncic_entry_confirmed=True,
        )
    service_day = timezone.localdate(at(40), zone)
    meeting_day = timezone.localdate(at(66), zone)
    with time_machine.travel(at(72), tick=False):
        plan = plans.case_plan_save(
            user=sw, client=child, assessment_date=service_day, goal="Safety", addresses_cse=True
        )
        plans.service_add(
            user=sw, plan=plan, service_code="safe_housing", provider="Safe Homes", referred_on=service_day
        )
        plans.cft_meeting_add(
            user=sw, plan=plan, held_on=meeting_day, participants="Maya; SW", decisions="Weekly counseling"
        )
    with time_machine.travel(at(80) + timedelta(minutes=2), tick=False):
        note = notes.note_create(
            user=sw, client=child, kind="contact", occurred_at=at(80), text="Home visit: Maya is safe."
        )
        voided = notes.note_create(
            user=sw, client=child, kind="court", occurred_at=at(80) + timedelta(minutes=1), text="Wrong child"
        )
    with time_machine.travel(at(90), tick=False):
        record.contact_correct(
            user=sw,
            contact=contact,
            reason="The visit was an hour later",
            made_at=at(1) + timedelta(minutes=30),
        )
    with time_machine.travel(at(91), tick=False):
        notes.note_void(user=sw, note=voided, reason="Written on the wrong child's record")
        # An ordinary change, not a correction: the row's end date.
        record.csec_row_end(user=sw, row=row, end_date=None)
    contact.refresh_from_db()
    return Story(child, referral, contact, allegation, row, note, voided, service_day, meeting_day)


@pytest.fixture
def story(cast) -> Story:
    return tell(cast.sw, make_child(cast.sw))
