"""The plausibility rule with the county's late-entry window on a missing episode, its follow-ups and reports:
the 1900 episode that once started 201 clocks, times before the child's birth, and bad input never a 500."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.models import User
from referrals import services as case
from referrals.models import LocateAttempt, MissingEpisode, Reconfirmation
from reporting import enforcement
from reporting.episodes import episode_record, episode_return, locate_attempt_record, reconfirmation_record
from reporting.models import Deadline, Notification, Report
from screening.models import Screening

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
LATE = "More than 30 days ago: mark it a late entry and say why."
BEFORE_BIRTH = "Cannot be before the child's date of birth."
IN_1900 = "1900-01-01T09:00:00-08:00"


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def post_episode(api, user: User, child, **extra):
    body = {"client": str(child.pk), "discovered_at": IN_1900, "circumstance": "runaway", **extra}
    return api(user).post("/api/v1/missing-episodes/", body, format="json")


def alerted(user: User) -> list[list[str]]:
    return [
        list(n.deadlines.values_list("kind", flat=True))
        for n in Notification.objects.filter(user=user, kind="overdue").order_by("created_at", "id")
    ]


def test_the_1900_episode_is_refused_without_a_reason_and_before_the_childs_birth(api, cast, child):
    refused = post_episode(api, cast.sw, child)
    assert refused.status_code == 400 and refused.json() == {"discovered_at": [BEFORE_BIRTH]}
    with_reason = post_episode(api, cast.sw, child, late_entry_reason="Found in a paper file")
    assert with_reason.status_code == 400 and with_reason.json() == {"discovered_at": [BEFORE_BIRTH]}
    assert not MissingEpisode.objects.exists() and not Deadline.objects.exists()


def test_an_episode_older_than_the_window_needs_a_reason_and_then_alerts_once(
    api, cast, make_client, mailoutbox
):
    old = make_client(first_name="Ada", date_of_birth=date(1899, 6, 1))
    refused = post_episode(api, cast.sw, old)
    assert refused.status_code == 400 and refused.json() == {"discovered_at": [LATE]}
    assert not Deadline.objects.exists()
    accepted = post_episode(api, cast.sw, old, late_entry_reason="Found in a 1900 paper file")
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["late_entry_reason"] == "Found in a 1900 paper file"
    periods = Deadline.objects.filter(client=old, kind="whereabouts_reconfirmation")
    assert periods.count() > 200  # every 30-day period while she was a child in foster care
    assert set(periods.values_list("cancelled_reason", flat=True)) == {"missed"}
    enforcement.sweep(NOW + timedelta(minutes=1))
    for user in (cast.sw, cast.supervisor):
        assert alerted(user) == [["whereabouts_reconfirmation"] * periods.count()]
    assert len(mailoutbox) == 2
    assert enforcement.sweep(NOW + timedelta(minutes=2)).overdue_alerts == 0


def test_last_seen_is_neither_after_the_discovery_nor_before_birth(cast, child):
    with pytest.raises(ValidationError) as after:
        episode_record(
            user=cast.sw,
            client=child,
            discovered_at=days_ago(1),
            last_seen_at=days_ago(0.5),
            circumstance="runaway",
        )
    assert after.value.message_dict == {
        "last_seen_at": ["Must be at or before the time the child was found missing."]
    }
    with pytest.raises(ValidationError) as unborn:
        episode_record(
            user=cast.sw,
            client=child,
            discovered_at=days_ago(1),
            last_seen_at=datetime(2000, 1, 1, tzinfo=UTC),
            circumstance="runaway",
        )
    assert unborn.value.message_dict == {"last_seen_at": [BEFORE_BIRTH]}
    # Last seen long ago is no late entry: only what the agency enters now about itself is windowed.
    episode = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=days_ago(1),
        last_seen_at=days_ago(90),
        circumstance="runaway",
    )
    assert episode.late_entry_reason == ""


@pytest.fixture
def old_episode(cast, child) -> MissingEpisode:
    return episode_record(
        user=cast.sw,
        client=child,
        discovered_at=days_ago(60),
        circumstance="runaway",
        reasonably_believed_cse=True,
        late_entry_reason="The placement told us only now",
    )


def test_follow_ups_older_than_the_window_need_a_reason_which_they_keep(cast, child, old_episode):
    when = days_ago(45)
    with pytest.raises(ValidationError) as late:
        locate_attempt_record(
            user=cast.sw, episode=old_episode, attempted_at=when, method="Called the school"
        )
    assert late.value.message_dict == {"attempted_at": [LATE]}
    attempt = locate_attempt_record(
        user=cast.sw, episode=old_episode, attempted_at=when, method="Called", late_entry_reason="Notes found"
    )
    assert LocateAttempt.objects.get().late_entry_reason == "Notes found" == attempt.late_entry_reason
    with pytest.raises(ValidationError) as late:
        reconfirmation_record(user=cast.sw, episode=old_episode, confirmed_at=when)
    assert late.value.message_dict == {"confirmed_at": [LATE]}
    reconfirmation_record(
        user=cast.sw, episode=old_episode, confirmed_at=when, late_entry_reason="Notes found"
    )
    assert Reconfirmation.objects.get().late_entry_reason == "Notes found"
    with pytest.raises(ValidationError) as late:
        episode_return(user=cast.sw, episode=old_episode, returned_at=days_ago(40))
    assert late.value.message_dict == {"returned_at": [LATE]}
    episode_return(user=cast.sw, episode=old_episode, returned_at=days_ago(40), late_entry_reason="Told late")
    assert (
        MissingEpisode.objects.get().late_entry_reason == "The placement told us only now\nReturn: Told late"
    )


def test_a_report_is_neither_before_birth_nor_before_its_episode_and_late_only_with_a_reason(
    api, cast, child, old_episode
):
    body = {
        "kind": "law_enforcement_missing",
        "client": str(child.pk),
        "missing_episode": str(old_episode.pk),
        "method": "phone",
        "agency_name": "Oakland PD",
        "ncic_entry_confirmed": True,
    }
    sw = api(cast.sw)

    def post(**extra):
        return sw.post("/api/v1/reports/", {**body, **extra}, format="json")

    answers = {
        "before the episode": post(made_at=days_ago(61).isoformat()),
        "late": post(made_at=days_ago(59).isoformat()),
        "future": post(made_at=(NOW + timedelta(hours=2)).isoformat()),
        "unborn": post(missing_episode=None, made_at="2001-01-01T00:00:00Z"),
    }
    assert {name: answer.json() for name, answer in answers.items()} == {
        "before the episode": {
            "made_at": ["Cannot be before the child was found missing (the episode this report is about)."]
        },
        "late": {"made_at": [LATE]},
        "future": {"made_at": ["Cannot be in the future."]},
        "unborn": {"made_at": [BEFORE_BIRTH]},
    }
    made = post(made_at=days_ago(59).isoformat(), late_entry_reason="Faxed copy found")
    assert made.status_code == 201 and made.json()["late_entry_reason"] == "Faxed copy found"
    assert len(made.json()["met_deadlines"]) == 1
    assert Report.objects.count() == 1


def test_concern_ignores_screenings_and_rows_entered_in_error(cast, child):
    screening = Screening.objects.create(
        county=child.county,
        client=child,
        performed_at=days_ago(3),
        performed_by=cast.sw,
        context="visit",
        indicators=["controlled_or_groomed"],
        at_risk=True,
        basis="strong_indicator",
        rule_version="1",
        entered_in_error_at=days_ago(2),
        entered_in_error_reason="Another child's screening",
    )
    row = case.csec_row_document(user=cast.sw, client=child, csec_type="at_risk", start_date=date(2026, 6, 1))
    case.csec_row_void(user=cast.sw, row=row, reason="Wrong child")
    episode = episode_record(user=cast.sw, client=child, discovered_at=days_ago(1), circumstance="runaway")
    assert screening.entered_in_error and episode.cse_concern is False
    assert not Deadline.objects.filter(kind__in=["ncmec_report", "law_enforcement_missing_report"]).exists()


@pytest.mark.parametrize(
    "extra",
    [
        {"discovered_at": "2026-02-30T10:00:00-08:00"},
        {"discovered_at": "2026-06-15T25:00:00-07:00"},
        {"discovered_at": "2026-06-15T10:00:00+25:00"},
        {"discovered_at": "0001-01-01T00:00:00Z"},
        {"discovered_at": "9999-12-31T23:59:59Z"},
        {"discovered_at": "2026-06-15T10:00:00"},
        {"discovered_at": 1_700_000_000},
        {"last_known_location": "x" * 301},
        {"last_known_location": "Lake\x00Merritt"},
        {"late_entry_reason": "x" * 1001},
        {"circumstance": "<script>alert(1)</script>"},
    ],
)
def test_bad_episode_input_is_a_400(api, cast, child, extra):
    body = {"discovered_at": days_ago(1).isoformat(), **extra}
    answer = post_episode(api, cast.sw, child, **body)
    assert answer.status_code == 400, answer.content
    assert not MissingEpisode.objects.exists()
