"""A screening on return from a missing episode meets the return assessment clock, through the API."""

from datetime import timedelta

import pytest

from reporting.episodes import episode_record, episode_return
from reporting.models import Deadline

from .conftest import hours_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned_episode(cast, child):
    episode = episode_record(user=cast.sw, client=child, discovered_at=hours_ago(30), circumstance="runaway")
    return episode_return(user=cast.sw, episode=episode, returned_at=hours_ago(3))


def return_assessment(child) -> Deadline:
    return Deadline.objects.get(client=child, kind="return_assessment")


def test_a_return_screening_meets_the_return_assessment_clock(cast, api, child, returned_episode):
    assert return_assessment(child).met_at is None
    performed = hours_ago(1)
    answer = api(cast.sw).post(
        "/api/v1/screenings/",
        {
            "client": str(child.pk),
            "missing_episode": str(returned_episode.pk),
            "performed_at": performed.isoformat(),
            "context": "return_from_missing",
            "indicators": ["runaway_or_unstable_housing"],
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["missing_episode"] == str(returned_episode.pk)
    assert abs(return_assessment(child).met_at - performed) < timedelta(seconds=1)


def test_a_visit_screening_does_not_meet_it(cast, api, child, returned_episode):
    api(cast.sw).post(
        "/api/v1/screenings/",
        {
            "client": str(child.pk),
            "performed_at": hours_ago(1).isoformat(),
            "context": "visit",
            "indicators": [],
        },
        format="json",
    )
    assert return_assessment(child).met_at is None


def test_an_episode_of_another_county_is_unknown(cast, api, child, child_b):
    theirs = episode_record(
        user=cast.sw_b, client=child_b, discovered_at=hours_ago(5), circumstance="runaway"
    )
    answer = api(cast.sw).post(
        "/api/v1/screenings/",
        {
            "client": str(child.pk),
            "missing_episode": str(theirs.pk),
            "performed_at": hours_ago(1).isoformat(),
            "context": "return_from_missing",
            "indicators": [],
        },
        format="json",
    )
    assert answer.status_code == 400
    assert "missing_episode" in answer.json()
