"""The one plausibility rule with the county's late-entry window, on the case record's instants (API and pages)."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as Browser
from django.utils import timezone

from referrals import services
from referrals.models import Contact, CsecRow, Referral

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
LATE = "More than 30 days ago: mark it a late entry and say why."
PACIFIC = ZoneInfo("America/Los_Angeles")


def days_ago(days: float):
    return timezone.now() - timedelta(days=days)


def local(instant) -> str:
    return timezone.localtime(instant, PACIFIC).strftime("%Y-%m-%dT%H:%M")


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def referral_body(child, **extra):
    return {"client": str(child.pk), "source": "hotline", "alleges_cse": False, **extra}


def test_a_referral_older_than_the_window_needs_a_reason_which_history_keeps(cast, api, child):
    sw = api(cast.sw)
    refused = sw.post(
        "/api/v1/referrals/", referral_body(child, received_at=days_ago(40).isoformat()), format="json"
    )
    assert refused.status_code == 400 and refused.json() == {"received_at": [LATE]}
    body = referral_body(
        child, received_at=days_ago(40).isoformat(), late_entry_reason="Found in a closed file"
    )
    accepted = sw.post("/api/v1/referrals/", body, format="json")
    assert accepted.status_code == 201 and accepted.json()["late_entry_reason"] == "Found in a closed file"
    assert Referral.objects.get().history.get().late_entry_reason == "Found in a closed file"


def test_the_window_is_the_countys(cast, child):
    county = cast.sw.county
    county.late_entry_days = 60
    county.save()
    child.county.refresh_from_db()
    referral = services.referral_create(
        user=cast.sw, client=child, received_at=days_ago(40), source="hotline", alleges_cse=False
    )
    assert referral.late_entry_reason == ""
    with pytest.raises(ValidationError) as refused:
        services.referral_create(
            user=cast.sw, client=child, received_at=days_ago(61), source="hotline", alleges_cse=False
        )
    assert refused.value.message_dict["received_at"] == [
        "More than 60 days ago: mark it a late entry and say why."
    ]


def test_a_late_contact_and_a_contact_before_its_referral(cast, child):
    referral = services.referral_create(
        user=cast.sw,
        client=child,
        received_at=days_ago(50),
        source="hotline",
        alleges_cse=False,
        late_entry_reason="Paper file",
    )
    contact = dict(user=cast.sw, referral=referral, contact_type="child", in_person=True)
    with pytest.raises(ValidationError) as late:
        services.contact_record(**contact, made_at=days_ago(45))
    assert late.value.message_dict == {"made_at": [LATE]}
    with pytest.raises(ValidationError) as before:
        services.contact_record(**contact, made_at=days_ago(51), late_entry_reason="Paper file")
    assert before.value.message_dict == {"made_at": ["Cannot be before the referral was received."]}
    kept = services.contact_record(**contact, made_at=days_ago(45), late_entry_reason="Paper file")
    assert kept.history.get().late_entry_reason == "Paper file"


def test_a_csec_row_may_start_long_ago_but_its_information_is_windowed(cast, child):
    row = services.csec_row_document(
        user=cast.sw, client=child, csec_type="at_risk", start_date=date(2015, 1, 1)
    )
    assert row.start_date == date(2015, 1, 1)
    document = dict(
        user=cast.sw, client=child, csec_type="victim_before_foster_care", start_date=date(2016, 1, 1)
    )
    with pytest.raises(ValidationError) as late:
        services.csec_row_document(**document, information_received_at=days_ago(31))
    assert late.value.message_dict == {"information_received_at": [LATE]}
    with pytest.raises(ValidationError) as unborn:
        services.csec_row_document(**document, information_received_at=timezone.now().replace(year=2000))
    assert unborn.value.message_dict["information_received_at"] == [
        "Cannot be before the child's date of birth."
    ]
    kept = services.csec_row_document(
        **document, information_received_at=days_ago(31), late_entry_reason="Prior county"
    )
    assert CsecRow.objects.get(pk=kept.pk).late_entry_reason == "Prior county"


@pytest.mark.parametrize(
    "instant", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "1990-06-01T10:00:00-07:00"]
)
def test_a_referral_before_the_childs_birth_is_refused_and_the_childs_page_still_answers(
    cast, api, child, instant
):
    answer = api(cast.sw).post(
        "/api/v1/referrals/", referral_body(child, received_at=instant, late_entry_reason="x"), format="json"
    )
    assert answer.status_code == 400 and "received_at" in answer.json(), answer.json()
    assert not Referral.objects.exists()
    assert signed_in(cast.sw).get(f"/clients/{child.pk}/").status_code == 200


def test_the_intake_page_refuses_a_referral_before_birth(cast, child):
    browser = signed_in(cast.sw)
    answer = browser.post(
        "/referrals/new/",
        {
            "existing_client": str(child.pk),
            "received_at": "0001-01-01T00:00",
            "receiving_agency": "child_welfare",
            "source": "hotline",
            "late_entry": "on",
            "late_entry_reason": "Typed a year",
        },
    )
    assert answer.status_code == 400
    assert "before the child&#x27;s date of birth" in answer.content.decode()
    assert not Referral.objects.exists()
    assert browser.get(f"/clients/{child.pk}/").status_code == 200


def contact_form(when, **extra):
    return {
        "contact-contact_type": "child",
        "contact-made_at": local(when),
        "contact-in_person": "on",
        **extra,
    }


def test_the_contact_form_asks_for_a_late_entrys_reason(cast, child):
    referral = services.referral_create(
        user=cast.sw,
        client=child,
        received_at=days_ago(50),
        source="hotline",
        alleges_cse=False,
        late_entry_reason="x",
    )
    browser = signed_in(cast.sw)
    url = f"/referrals/{referral.pk}/contacts/"
    page = browser.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'name="contact-late_entry"' in page and 'name="contact-late_entry_reason"' in page
    old = browser.post(url, contact_form(days_ago(40)))
    assert old.status_code == 400 and "mark it a late entry and say why" in old.content.decode()
    ticked = browser.post(url, contact_form(days_ago(40), **{"contact-late_entry": "on"}))
    assert ticked.status_code == 400 and "Say why this is entered late." in ticked.content.decode()
    saved = browser.post(
        url,
        contact_form(days_ago(40), **{"contact-late_entry": "on", "contact-late_entry_reason": "From notes"}),
    )
    assert saved.status_code == 302
    assert Contact.objects.get().late_entry_reason == "From notes"
    assert "Late entry: From notes" in browser.get(f"/referrals/{referral.pk}/").content.decode()


def test_a_reason_without_the_box_is_not_kept(cast, child, cse_referral):
    browser = signed_in(cast.sw)
    answer = browser.post(
        f"/referrals/{cse_referral.pk}/contacts/",
        contact_form(hours_ago(1), **{"contact-late_entry_reason": "No"}),
    )
    assert answer.status_code == 302 and Contact.objects.get().late_entry_reason == ""


def test_the_csec_form_takes_a_late_entry(cast, child):
    browser = signed_in(cast.sw)
    data = {
        "csec-csec_type": "at_risk",
        "csec-start_date": "2020-01-01",
        "csec-information_received_at": local(days_ago(90)),
    }
    assert browser.post(f"/clients/{child.pk}/csec-rows/", data).status_code == 400
    data |= {"csec-late_entry": "on", "csec-late_entry_reason": "Transferred from Butte"}
    assert browser.post(f"/clients/{child.pk}/csec-rows/", data).status_code == 302
    assert CsecRow.objects.get().late_entry_reason == "Transferred from Butte"
