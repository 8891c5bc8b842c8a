"""A worker marks a missing episode entered in error: its clocks and alerts go from the supervisor's dashboard
and the worker's inbox, and the county admin's audit export shows who did it and why. Checked with axe."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals import services
from reporting.enforcement import sweep
from reporting.episodes import episode_record
from reporting.models import Deadline

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "Entered on the wrong child: Maya was at school all day"


@pytest.fixture
def episode(cast):
    child = services.client_create(
        user=cast.sw,
        first_name="Maya",
        last_name="Reyes",
        date_of_birth=date(2011, 5, 2),
        foster_care_status="in_foster_care",
    )
    missing = episode_record(
        user=cast.sw,
        client=child,
        discovered_at=timezone.now() - timedelta(hours=30),
        circumstance="runaway",
        reasonably_believed_cse=True,
    )
    sweep(
        send_email=False
    )  # the 24-hour missing-child reports are overdue: worker and supervisor are alerted
    return missing


def test_an_episode_entered_in_error_leaves_the_dashboard_and_the_inbox_and_the_audit_names_who_and_why(
    cast, page, episode, assert_accessible, api
):
    overdue_before = Deadline.objects.filter(
        missing_episode=episode, cancelled_at__isnull=True, met_at__isnull=True, due_at__lte=timezone.now()
    ).count()
    assert overdue_before >= 2

    sign_in(page, "sup_a")
    page.goto("/dashboard/")
    expect(page.get_by_test_id("overdue-count")).to_have_text(str(overdue_before))
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sw_a")
    page.goto(f"/missing-episodes/{episode.pk}/")
    page.get_by_role("link", name="Mark the missing episode entered in error").click()
    assert_accessible(page, "episode-void")
    page.get_by_label("Why it was entered in error").fill(REASON)
    page.get_by_role("button", name="Mark entered in error").click()
    expect(page.get_by_text(REASON).first).to_be_visible()
    assert_accessible(page, "episode-after-void")

    page.goto("/notifications/")
    for item in page.get_by_test_id("notification").all():
        expect(item).to_contain_text("Resolved")
    page.goto("/notifications/?unread=true")
    assert_accessible(page, "inbox-after-void")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "sup_a")
    page.goto("/dashboard/")
    expect(page.get_by_test_id("overdue-count")).to_have_text("0")
    assert not Deadline.objects.filter(missing_episode=episode, cancelled_at__isnull=True).exists()

    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    until = (timezone.now() + timedelta(days=1)).date().isoformat()
    export = api(cast.admin).get(f"/api/v1/audit/export/?since={since}&until={until}")
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    marked = [r for r in rows if r["record_id"] == str(episode.pk) and REASON in r["reason"]]
    assert marked and marked[0]["user"] == cast.sw.username
