"""Correcting an entry and marking it entered in error from the pages (Django's test client), and an entry in
error counted nowhere: the open CSEC types, the overlap check, the contact checklist, statistics, plan flags."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.utils import timezone

from caseplans import selectors as plan_selectors
from referrals import selectors, services
from referrals.models import Contact, CsecRow

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
PACIFIC = ZoneInfo("America/Los_Angeles")


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def local(instant) -> str:
    return timezone.localtime(instant, PACIFIC).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def row(cast, child):
    return services.csec_row_document(
        user=cast.sw,
        client=child,
        csec_type="victim_during_foster_care",
        start_date=date(2026, 1, 10),
        information_received_at=hours_ago(3),
    )


@pytest.fixture
def contact(cast, cse_referral):
    return services.contact_record(
        user=cast.sw, referral=cse_referral, contact_type="child", made_at=hours_ago(1), in_person=True
    )


def test_a_csec_row_is_marked_in_error_after_a_confirmation_step(cast, child, row):
    browser = signed_in(cast.sw)
    client_page = browser.get(f"/clients/{child.pk}/").content.decode()
    assert f"/csec-rows/{row.pk}/void/" in client_page and f"/csec-rows/{row.pk}/correct/" in client_page
    confirm = browser.get(f"/csec-rows/{row.pk}/void/")
    assert confirm.status_code == 200
    assert (
        "Victim During Foster Care" in confirm.content.decode() and not CsecRow.objects.get().entered_in_error
    )
    missing = browser.post(f"/csec-rows/{row.pk}/void/", {"reason": " "})
    assert missing.status_code == 400 and not CsecRow.objects.get().entered_in_error
    done = browser.post(f"/csec-rows/{row.pk}/void/", {"reason": "Typed on <the wrong> child"})
    assert done.status_code == 302 and done["Location"] == f"/clients/{child.pk}/"
    page = browser.get(f"/clients/{child.pk}/").content.decode()
    assert "<s>Victim During Foster Care</s>" in page
    assert "Entered in error:</strong> Typed on &lt;the wrong&gt; child" in page
    assert f"/csec-rows/{row.pk}/void/" not in page
    assert browser.get(f"/csec-rows/{row.pk}/void/").status_code == 302  # nothing more to do


def test_a_csec_row_is_corrected_on_its_page(cast, child, row):
    browser = signed_in(cast.sw)
    form = browser.get(f"/csec-rows/{row.pk}/correct/")
    assert form.status_code == 200 and 'value="2026-01-10"' in form.content.decode()
    data = {
        "csec-csec_type": "victim_during_foster_care",
        "csec-start_date": "2026-01-09",
        "csec-information_received_at": local(row.information_received_at),
    }
    assert browser.post(f"/csec-rows/{row.pk}/correct/", data).status_code == 400  # no reason
    done = browser.post(f"/csec-rows/{row.pk}/correct/", {**data, "csec-reason": "Start date typo"})
    assert done.status_code == 302
    corrected = CsecRow.objects.get()
    assert corrected.start_date == date(2026, 1, 9)
    assert (
        corrected.information_received_at == row.information_received_at
    )  # the minute shown is not a change
    assert corrected.history.first().history_change_reason == "CSEC row corrected: Start date typo"
    refused = browser.post(
        f"/csec-rows/{row.pk}/correct/", {**data, "csec-start_date": "2011-01-01", "csec-reason": "x"}
    )
    assert refused.status_code == 400 and "Cannot be before the child" in refused.content.decode()


def test_a_contact_is_corrected_and_marked_from_the_referral_page(cast, cse_referral, contact):
    browser = signed_in(cast.sw)
    page = browser.get(f"/referrals/{cse_referral.pk}/").content.decode()
    assert f"/contacts/{contact.pk}/correct/" in page and f"/contacts/{contact.pk}/void/" in page
    data = {
        "contact-contact_type": "parent",
        "contact-made_at": local(contact.made_at),
        "contact-in_person": "on",
        "contact-name": "Ms. Lopez",
        "contact-reason": "Saw the mother, not the child",
    }
    assert browser.post(f"/contacts/{contact.pk}/correct/", data).status_code == 302
    corrected = Contact.objects.get()
    assert (corrected.contact_type, corrected.name, corrected.made_at) == (
        "parent",
        "Ms. Lopez",
        contact.made_at,
    )
    old = browser.post(
        f"/contacts/{contact.pk}/correct/", {**data, "contact-made_at": local(hours_ago(24 * 40))}
    )
    assert old.status_code == 400  # before the referral was received
    assert (
        browser.post(f"/contacts/{contact.pk}/void/", {"reason": "Another family's visit"}).status_code == 302
    )
    page = browser.get(f"/referrals/{cse_referral.pk}/").content.decode()
    assert "Entered in error:</strong> Another family&#x27;s visit" in page
    assert Contact.objects.get().entered_in_error


def test_allegations_and_the_referral_itself_are_marked_from_the_referral_page(cast, child, cse_referral):
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="general_neglect",
        perpetrator_relationship="parent",
    )
    browser = signed_in(cast.sw)
    assert browser.post(f"/allegations/{allegation.pk}/void/", {"reason": "Duplicate"}).status_code == 302
    assert browser.post(f"/referrals/{cse_referral.pk}/void/", {"reason": "Wrong child"}).status_code == 302
    page = browser.get(f"/referrals/{cse_referral.pk}/").content.decode()
    assert "Entered in error: Wrong child" in page and "Record contact" not in page
    assert browser.get(f"/clients/{child.pk}/").status_code == 200


def test_a_county_admin_gets_no_correction_page_and_another_county_none(cast, row, contact):
    admin = signed_in(cast.admin)
    for url in (
        f"/csec-rows/{row.pk}/correct/",
        f"/csec-rows/{row.pk}/void/",
        f"/contacts/{contact.pk}/void/",
    ):
        assert admin.get(url).status_code == 403
        assert admin.post(url, {"reason": "x"}).status_code == 403
        assert signed_in(cast.sw_b).get(url).status_code == 404
        assert signed_in(cast.sw_b).post(url, {"reason": "x"}).status_code == 404
    assert not CsecRow.objects.get().entered_in_error and not Contact.objects.get().entered_in_error


def test_a_row_in_error_is_neither_open_nor_in_the_way(cast, api, child, row):
    services.csec_row_void(user=cast.sw, row=row, reason="Wrong child")
    body = api(cast.sw).get(f"/api/v1/clients/{child.pk}/").json()
    assert body["csec_types"] == [] and body["cws_category"] == "A"
    assert not selectors.csec_rows_open_on(child, timezone.localdate()).exists()
    again = services.csec_row_document(
        user=cast.sw, client=child, csec_type="victim_during_foster_care", start_date=date(2026, 1, 10)
    )
    assert again.pk != row.pk  # the entry in error overlaps nothing


def test_a_row_in_error_counts_in_no_statistic_and_flags_no_plan(cast, api, child):
    row = services.csec_row_document(
        user=cast.sw, client=child, csec_type="at_risk", start_date=timezone.localdate() - timedelta(days=90)
    )
    today = timezone.localdate()
    stats = {"from": (today - timedelta(days=100)).isoformat(), "to": today.isoformat()}
    assert api(cast.admin).get("/api/v1/statistics/csec/", stats).json()["at_risk"] == 1
    assert plan_selectors.identified_clients(cast.sw, today).count() == 1
    services.csec_row_void(user=cast.sw, row=row, reason="Wrong child")
    assert api(cast.admin).get("/api/v1/statistics/csec/", stats).json()["at_risk"] == 0
    assert plan_selectors.identified_clients(cast.sw, today).count() == 0
    assert plan_selectors.plan_flag(child) is None


def test_a_contact_in_error_does_not_tick_the_checklist(cast, cse_referral, contact):
    done = {item.code: item.done for item in selectors.contact_checklist(cse_referral)}
    assert done["child"] is True
    services.contact_void(user=cast.sw, contact=contact, reason="Wrong referral")
    done = {item.code: item.done for item in selectors.contact_checklist(cse_referral)}
    assert done["child"] is False


def test_an_unfounded_allegation_in_error_does_not_make_the_referral_unfounded(cast, child, cse_referral):
    allegation = services.allegation_create(
        user=cast.sw,
        referral=cse_referral,
        victim=child,
        allegation_type="general_neglect",
        perpetrator_relationship="parent",
    )
    services.allegation_dispose(user=cast.sw, allegation=allegation, disposition="unfounded")
    assert selectors.all_unfounded(cse_referral)
    services.allegation_void(user=cast.sw, allegation=allegation, reason="Typed on the wrong referral")
    assert not selectors.all_unfounded(cse_referral)
