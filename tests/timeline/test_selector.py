"""The timeline's selector and its sources: the correction rule, days placed in the county's zone across a
clock change, the cursor, and a registry where each kind is one source."""

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from caseplans.models import CasePlan, PlannedService
from caseplans.services.common import change_reason
from cse_casework.timeline import selectors, sources
from kernel.amend import history_reason
from reporting.episode_rules import RETURN_IN_ERROR

from .conftest import make_child, tell

PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    "reason",
    [
        history_reason("contact corrected", "wrong hour"),
        history_reason("case note entered in error", "wrong child: the sibling's"),
        history_reason("Service entered in error", "Its case plan was entered in error: duplicate"),
        change_reason("Service changed", "wrong provider"),
        history_reason(RETURN_IN_ERROR, "she had not come back"),
        history_reason("screening corrected", "a box ticked by mistake"),
    ],
)
def test_every_correction_and_mark_matches_the_rule(reason):
    assert re.search(sources.CORRECTION_REASON, reason, re.IGNORECASE)


@pytest.mark.parametrize(
    "reason",
    [
        "case note written",
        "finding: substantiated",
        "emergency response decision: immediate",
        "CSEC row end date",
        "Screening recorded: at risk, strong_indicator (2016-acl-16-85)",
        "cancelled: returned",
        "Service status referred → active",
        "Case plan created again: the earlier one was entered in error",
        "return recorded",
        "",
    ],
)
def test_ordinary_changes_do_not_match_it(reason):
    assert not re.search(sources.CORRECTION_REASON, reason, re.IGNORECASE)


def test_each_kind_is_one_registered_source_with_a_page():
    assert len(set(sources.KINDS)) == len(sources.SOURCES)
    for source in sources.SOURCES:
        assert source.kind == "correction" or source.kind in sources.RECORD_PAGES
        assert sources.rank_of(source.kind) == sources.SOURCES.index(source)
    for corrected in sources.CORRECTED:
        assert corrected.record_kind in sources.RECORD_PAGES
        assert corrected.record_kind in sources.RECORD_NAMES


@pytest.mark.django_db
@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1), date(2026, 6, 15)])
def test_a_day_starts_at_the_countys_midnight_even_on_a_clock_change(cast, day):
    child = make_child(cast.sw)
    # Written directly: only where the day is placed is under test here.
    plan = CasePlan.objects.create(
        client=child, county=child.county, assessment_date=day, goal="Safety", addresses_cse=True
    )
    PlannedService.objects.create(
        case_plan=plan, county=child.county, provider="Clinic", description="Therapy", referred_on=day
    )
    page = selectors.timeline_page(child, kinds=["case_plan_service"])
    assert timezone.localtime(page.entries[0].at, PACIFIC).date() == day
    if connection.vendor == "postgresql":  # the embedded SQLite default starts summer days an hour late
        assert [e.at for e in page.entries] == [datetime.combine(day, time.min, tzinfo=PACIFIC)]


@pytest.mark.django_db
def test_the_selector_pages_both_ways_by_position(cast):
    child = make_child(cast.sw)
    tell(cast.sw, child)
    whole = selectors.timeline_page(child).entries
    first = selectors.timeline_page(child, size=5)
    assert first.first and first.newer is None and first.older == whole[4].position
    second = selectors.timeline_page(child, position=first.older, size=5)
    assert second.entries == whole[5:10] and second.newer == whole[5].position
    back = selectors.timeline_page(child, position=second.newer, backwards=True, size=5)
    assert back.entries == whole[:5] and back.newer is None and back.older == whole[4].position
    last = selectors.timeline_page(child, position=whole[-1].position, size=5)
    assert last.entries == [] and last.older is None and last.newer is None and not last.first


def test_a_cursor_round_trips_and_a_forged_one_is_refused():
    position = selectors.Position(datetime(2026, 3, 8, 9, 30, tzinfo=PACIFIC), 3, "a-key")
    assert selectors.Position.from_cursor(position.cursor(backwards=True)) == (position, True)
    for forged in ("", "!!", "e30", "eyJwIjpbIjIwMjYtMDMtMDhUMDk6MzAiLDMsImsiXSwiYiI6ZmFsc2V9"):
        with pytest.raises(ValueError):
            selectors.Position.from_cursor(forged)


def test_kinds_are_read_from_a_list_or_a_comma_separated_value():
    assert selectors.requested_kinds(["note,report", " referral ", ""]) == ["note", "report", "referral"]
    assert selectors.unknown_kinds(["note", "gossip", "petition", "notes"]) == ["gossip", "notes"]


@pytest.mark.django_db
def test_any_choice_of_kinds_reads_in_one_union(cast):
    """Each kind alone and every pair: the columns line up whatever source comes first."""
    child = make_child(cast.sw)
    tell(cast.sw, child)
    whole = selectors.timeline_page(child).entries
    for one in sources.KINDS:
        alone = selectors.timeline_page(child, kinds=[one]).entries
        assert alone == [e for e in whole if e.kind == one]
        for other in sources.KINDS:
            if other > one:
                both = selectors.timeline_page(child, kinds=[one, other]).entries
                assert both == [e for e in whole if e.kind in (one, other)]
