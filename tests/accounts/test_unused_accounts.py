"""Accounts unused for 90 days are closed by a periodic task, with history and a journal entry."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import AccountEvent, ApiToken, User
from accounts.services import token_issue
from accounts.tasks import close_unused_accounts
from cse_casework.celery import app

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def used(user: User, days_ago: int) -> None:
    User.objects.filter(pk=user.pk).update(last_login=timezone.now() - timedelta(days=days_ago))


def test_beat_runs_it():
    entry = app.conf.beat_schedule["close-unused-accounts"]
    assert entry["task"] == "accounts.tasks.close_unused_accounts" and entry["schedule"] <= 24 * 60 * 60


def test_accounts_unused_for_90_days_are_closed(cast):
    used(cast.sw, 91)
    used(cast.po, 89)
    never_used = timezone.now() - timedelta(days=91)
    User.objects.filter(pk=cast.supervisor.pk).update(date_joined=never_used)
    token_issue(cast.sw, timezone.now() - timedelta(hours=1))
    User.objects.filter(pk=cast.sw.pk).update(last_login=timezone.now() - timedelta(days=91))
    assert close_unused_accounts() == 2
    closed = set(User.objects.filter(is_active=False).values_list("username", flat=True))
    assert closed == {"sw_a", "sup_a"}
    assert not ApiToken.objects.filter(user=cast.sw).exists()
    sw = User.objects.get(pk=cast.sw.pk)
    assert sw.history.latest().history_change_reason == "closed after 90 days unused"
    event = AccountEvent.objects.get(user=sw, kind="disabled_unused")
    assert event.via == "system" and event.actor is None
    assert close_unused_accounts() == 0  # a second run finds nothing more


def test_the_day_is_counted_from_the_last_sign_in_or_a_reopening(cast, api):
    used(cast.sw, 80)
    User.objects.filter(pk=cast.po.pk).update(
        last_login=timezone.now() - timedelta(days=200), reactivated_at=timezone.now() - timedelta(days=10)
    )
    with time_machine.travel(timezone.now() + timedelta(days=11), tick=False):
        close_unused_accounts()
        assert not User.objects.get(pk=cast.sw.pk).is_active
        assert User.objects.get(pk=cast.po.pk).is_active


def test_a_token_sign_in_is_a_use(cast, api):
    used(cast.sw, 91)
    api().post("/api/v1/auth/token/", {"username": "sw_a", "password": PASSWORD}, format="json")
    close_unused_accounts()
    assert User.objects.get(pk=cast.sw.pk).is_active
