"""The sweep's reconfirmation periods follow the episode as it stands: an episode entered in error gets no new
period as time passes, and a period set aside by a correction does not count as the current one."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from reporting.enforcement import sweep
from reporting.episode_amendments import episode_correct, episode_void
from reporting.episodes import episode_record
from reporting.models import Deadline

pytestmark = pytest.mark.django_db
KIND = "whereabouts_reconfirmation"


def standing(episode) -> int:
    return Deadline.objects.filter(missing_episode=episode, kind=KIND, cancelled_at__isnull=True).count()


def test_an_episode_entered_in_error_gets_no_new_period(cast, child):
    episode = episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(days=1), circumstance="runaway"
    )
    episode_void(user=cast.sw, episode=episode, reason="Recorded on the wrong child")
    with time_machine.travel(timezone.now() + timedelta(days=45), tick=False):
        sweep(send_email=False)
    assert standing(episode) == 0


def test_a_corrected_discovery_leaves_exactly_one_current_period(cast, child):
    episode = episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(days=1), circumstance="runaway"
    )
    episode_correct(
        user=cast.sw,
        episode=episode,
        reason="Found missing two days earlier than first typed",
        discovered_at=timezone.now() - timedelta(days=3),
    )
    with time_machine.travel(timezone.now() + timedelta(days=28), tick=False):
        sweep(send_email=False)
        now = timezone.now()
        current = Deadline.objects.filter(
            missing_episode=episode, kind=KIND, cancelled_at__isnull=True, due_at__gt=now
        )
        assert current.count() == 1
