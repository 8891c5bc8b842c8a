"""The notifications inbox in the browser: a worker's overdue alert naming the child's clocks, filtered to unread
and marked read, on a desktop and on a phone, checked with axe."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from referrals import services
from reporting.enforcement import sweep
from reporting.models import Notification

from ..conftest import county_today
from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue(cast):
    child = services.client_create(
        user=cast.sw,
        first_name="Iris",
        last_name="Moreno",
        date_of_birth=date(2011, 8, 8),
        foster_care_status="in_foster_care",
    )
    services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=county_today() - timedelta(days=2),
        information_received_at=timezone.now() - timedelta(hours=30),
    )
    sweep(send_email=False)
    return child


@pytest.mark.parametrize("width", [1280, 390])
def test_worker_reads_an_overdue_alert_and_marks_it_read(cast, page, overdue, width, assert_accessible):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "sw_a")
    page.goto("/notifications/?unread=true")
    item = page.get_by_test_id("notification").first
    expect(item).to_contain_text("Iris Moreno")
    expect(item).to_contain_text("Report to law enforcement")
    expect(page.get_by_test_id("county-zone")).to_have_text("Times are Pacific Time.")
    assert_accessible(page, f"inbox-{width}")
    item.get_by_role("button", name="Mark as read").click()
    expect(page.get_by_test_id("notification")).to_have_count(0)
    assert_accessible(page, f"inbox-read-{width}")
    assert Notification.objects.get(user=cast.sw).read_at is not None
