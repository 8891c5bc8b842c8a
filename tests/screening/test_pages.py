"""Screening pages without JavaScript: the checklist, the result on submit, the record, documenting At Risk."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.utils import timezone

from accounts.models import AccessEvent
from referrals import services as case_services
from referrals.models import CsecRow
from reporting import episodes
from reporting.models import Deadline
from screening.models import Screening

pytestmark = pytest.mark.django_db

NEW = "/screenings/new/"


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def form_data(**overrides):
    # The page reads times in the county's zone (Alameda: Pacific).
    local = timezone.localtime(timezone.now() - timedelta(hours=1), ZoneInfo("America/Los_Angeles"))
    data = {
        "performed_at": local.strftime("%Y-%m-%dT%H:%M"),
        "context": "visit",
        "indicators": ["frequent_truancy", "substance_abuse"],
        "action": "save",
    }
    data.update(overrides)
    return data


def test_the_checklist_shows_the_eight_indicators_with_their_descriptions(cast, child):
    page = signed_in(cast.sw).get(NEW, {"client": child.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('name="indicators"') == 8
    assert "Has relationships that put them at risk or in danger of exploitation." in html
    assert 'aria-live="polite"' in html
    assert "Not at risk" in html


def test_checking_without_saving_shows_the_result_and_writes_nothing(cast, child):
    page = signed_in(cast.sw).post(f"{NEW}?client={child.pk}", form_data(action="check"))
    assert page.status_code == 200
    assert (
        "<strong>At risk: 2 other indicators (frequent truancy, substance abuse).</strong>"
        in page.content.decode()
    )
    assert not Screening.objects.exists()


def test_saving_records_the_same_result_as_the_api_and_shows_it(cast, child, api):
    browser = signed_in(cast.sw)
    answer = browser.post(f"{NEW}?client={child.pk}", form_data())
    assert answer.status_code == 302
    screening = Screening.objects.get()
    assert (screening.at_risk, screening.basis, screening.performed_by) == (
        True,
        "two_other_indicators",
        cast.sw,
    )
    from_api = api(cast.sw).post(
        "/api/v1/screenings/",
        {
            "client": str(child.pk),
            "performed_at": screening.performed_at.isoformat(),
            "context": "visit",
            "indicators": ["substance_abuse", "frequent_truancy"],
        },
        format="json",
    )
    assert (from_api.json()["at_risk"], from_api.json()["basis"]) == (True, "two_other_indicators")
    assert from_api.json()["indicators"] == screening.indicators
    detail = browser.get(answer["Location"])
    assert detail.status_code == 200
    assert "At risk: 2 other indicators (frequent truancy, substance abuse)." in detail.content.decode()
    assert AccessEvent.objects.filter(record_id=str(screening.pk), via="page").exists()


def test_a_future_instant_is_refused_next_to_the_field_keeping_what_was_ticked(cast, child):
    later = timezone.localtime(timezone.now() + timedelta(days=1), ZoneInfo("America/Los_Angeles")).strftime(
        "%Y-%m-%dT%H:%M"
    )
    page = signed_in(cast.sw).post(f"{NEW}?client={child.pk}", form_data(performed_at=later))
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="id_performed_at_error"' in html
    assert 'value="substance_abuse" checked' in html
    assert not Screening.objects.exists()


def test_an_unknown_context_is_refused(cast, child):
    page = signed_in(cast.sw).post(f"{NEW}?client={child.pk}", form_data(context="party"))
    assert page.status_code == 400
    assert 'id="id_context_error"' in page.content.decode()


def test_the_live_result_turns_at_risk_at_the_second_other_indicator(cast):
    browser = signed_in(cast.sw)
    one = browser.get("/screenings/result/", {"indicators": ["frequent_truancy"]})
    two = browser.get("/screenings/result/", {"indicators": ["frequent_truancy", "substance_abuse"]})
    assert 'data-at-risk="false"' in one.content.decode()
    assert 'data-at-risk="true"' in two.content.decode()


def test_documenting_at_risk_from_the_result_needs_the_confirming_post(cast, child):
    browser = signed_in(cast.sw)
    browser.post(f"{NEW}?client={child.pk}", form_data(indicators=["controlled_or_groomed"]))
    screening = Screening.objects.get()
    detail = browser.get(f"/screenings/{screening.pk}/")
    assert "Document At Risk from this screening" in detail.content.decode()
    assert not CsecRow.objects.exists()  # nothing written until the worker confirms
    answer = browser.post(f"/screenings/{screening.pk}/document-at-risk/")
    assert answer.status_code == 302
    row = CsecRow.objects.get()
    assert row.csec_type == "at_risk"
    assert row.start_date == timezone.localtime(screening.performed_at, child.county.zone).date()
    again = browser.get(f"/screenings/{screening.pk}/")
    assert "Document At Risk from this screening" not in again.content.decode()


def test_the_client_page_shows_the_screening_history(cast, child):
    browser = signed_in(cast.sw)
    browser.post(f"{NEW}?client={child.pk}", form_data())
    page = browser.get(f"/clients/{child.pk}/")
    html = page.content.decode()
    assert 'data-testid="screening-row"' in html
    assert "Screen this child" in html


def test_pages_of_another_county_are_not_found(cast, child):
    browser = signed_in(cast.sw)
    browser.post(f"{NEW}?client={child.pk}", form_data())
    screening = Screening.objects.get()
    other = signed_in(cast.sw_b)
    assert other.get(NEW, {"client": child.pk}).status_code == 404
    assert other.get(f"/screenings/{screening.pk}/").status_code == 404
    assert other.post(f"/screenings/{screening.pk}/document-at-risk/").status_code == 404
    assert not CsecRow.objects.exists()


def test_a_county_admin_may_read_but_not_screen(cast, child):
    signed_in(cast.sw).post(f"{NEW}?client={child.pk}", form_data())
    screening = Screening.objects.get()
    admin = signed_in(cast.admin)
    assert admin.get(f"/screenings/{screening.pk}/").status_code == 200
    assert admin.get(NEW, {"client": child.pk}).status_code == 403


def test_the_referral_page_links_to_a_screening_for_the_referral(cast, child):
    referral = case_services.referral_create(
        user=cast.sw,
        client=child,
        received_at=timezone.now() - timedelta(hours=3),
        source="school",
        alleges_cse=False,
    )
    browser = signed_in(cast.sw)
    page = browser.get(f"/referrals/{referral.pk}/").content.decode()
    link = f"/screenings/new/?client={child.pk}&amp;referral={referral.pk}"
    assert link in page
    assert "The child has not been screened yet." in page
    form = browser.get(NEW, {"client": child.pk, "referral": referral.pk}).content.decode()
    assert '<option value="intake" selected>' in form
    browser.post(f"{NEW}?client={child.pk}&referral={referral.pk}", form_data(context="intake"))
    assert Screening.objects.get().referral == referral
    assert (
        "<strong>At risk</strong> (at least two other indicators)"
        in browser.get(f"/referrals/{referral.pk}/").content.decode()
    )


def test_a_screening_on_return_meets_the_return_screening_clock(cast, child):
    episode = episodes.episode_record(
        user=cast.sw, client=child, discovered_at=timezone.now() - timedelta(days=2), circumstance="runaway"
    )
    episodes.episode_return(user=cast.sw, episode=episode, returned_at=timezone.now() - timedelta(hours=5))
    clock = Deadline.objects.get(kind="return_assessment", missing_episode=episode)
    assert clock.met_at is None
    browser = signed_in(cast.sw)
    form = browser.get(NEW, {"episode": episode.pk}).content.decode()
    assert '<option value="return_from_missing" selected>' in form
    answer = browser.post(f"{NEW}?episode={episode.pk}", form_data(context="return_from_missing"))
    assert answer.status_code == 302
    screening = Screening.objects.get()
    assert (screening.client, screening.missing_episode) == (child, episode)
    clock.refresh_from_db()
    assert clock.met_at == screening.performed_at
