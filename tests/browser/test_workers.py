"""The county admin hands a leaving worker's caseload to a colleague and closes the account, from the dashboard,
on a desktop and on a phone, checked with axe."""

from datetime import date

import pytest
from playwright.sync_api import expect

from accounts.models import User
from referrals import services
from referrals.models import Client

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_county_admin_hands_over_a_caseload_and_closes_the_account(cast, page, width, assert_accessible):
    services.client_create(
        user=cast.sw,
        first_name="June",
        last_name="Park",
        date_of_birth=date(2012, 2, 2),
        foster_care_status="in_foster_care",
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "admin_a")
    page.goto("/dashboard/")
    page.get_by_role("link", name="The county's workers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Workers of Alameda County")
    assert_accessible(page, f"workers-{width}")
    page.get_by_role("link", name="Hand over and close the account of Sol Worker").click()
    expect(page.get_by_test_id("caseload")).to_contain_text("June Park")
    page.get_by_role("button", name="Hand over and close the account").click()
    expect(page.locator("#id_to_error")).to_be_visible()
    assert_accessible(page, f"worker-close-error-{width}")
    page.get_by_label("Hand the caseload to").select_option(label=str(cast.po))
    page.get_by_role("button", name="Hand over and close the account").click()
    expect(page.get_by_text("1 child was handed to")).to_be_visible()
    assert_accessible(page, f"workers-after-{width}")
    assert not User.objects.get(pk=cast.sw.pk).is_active
    assert Client.objects.get().assigned_worker == cast.po
