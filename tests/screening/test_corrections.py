"""A screening's late entry, its correction and its marking entered in error (API and pages), and the return
screening's clock that follows them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as Browser
from django.utils import timezone

from reporting.episodes import episode_record, episode_return
from reporting.models import Deadline
from screening import selectors, services
from screening.models import Screening

from .conftest import hours_ago

pytestmark = pytest.mark.django_db
LATE = "More than 30 days ago: mark it a late entry and say why."
PACIFIC = ZoneInfo("America/Los_Angeles")


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def screen(cast, child, **extra):
    values = {"performed_at": hours_ago(2), "context": "visit", "indicators": ["frequent_truancy"], **extra}
    return services.screening_record(user=cast.sw, client=child, **values)


@pytest.fixture
def returned_episode(cast, child):
    episode = episode_record(user=cast.sw, client=child, discovered_at=hours_ago(30), circumstance="runaway")
    return episode_return(user=cast.sw, episode=episode, returned_at=hours_ago(3))


def return_clock(child) -> Deadline:
    return Deadline.objects.get(client=child, kind="return_assessment")


def test_a_late_screening_needs_a_reason(cast, api, child):
    body = {
        "client": str(child.pk),
        "performed_at": (timezone.now() - timedelta(days=45)).isoformat(),
        "context": "visit",
        "indicators": [],
    }
    refused = api(cast.sw).post("/api/v1/screenings/", body, format="json")
    assert refused.status_code == 400 and refused.json() == {"performed_at": [LATE]}
    body["late_entry_reason"] = "Screened at the hospital"
    accepted = api(cast.sw).post("/api/v1/screenings/", body, format="json")
    assert accepted.status_code == 201 and accepted.json()["late_entry_reason"] == "Screened at the hospital"


def test_a_screening_is_corrected_and_assessed_again(cast, api, child):
    screening = screen(cast, child)
    url = f"/api/v1/screenings/{screening.pk}/"
    body = {"indicators": ["controlled_or_groomed"], "reason": "Ticked the wrong box"}
    answer = api(cast.sw).patch(url, body, format="json")
    assert answer.status_code == 200, answer.json()
    assert (answer.json()["at_risk"], answer.json()["basis"]) == (True, "strong_indicator")
    latest, earlier = Screening.objects.get().history.all()[:2]
    assert (earlier.at_risk, latest.at_risk) == (False, True)
    assert latest.history_change_reason == "screening corrected: Ticked the wrong box"
    bad = api(cast.sw).patch(url, {"indicators": ["made_up"], "reason": "x"}, format="json")
    assert bad.status_code == 400 and "indicators" in bad.json()
    unreasoned = api(cast.sw).patch(url, {"notes": "x"}, format="json")
    assert unreasoned.status_code == 400 and "reason" in unreasoned.json()
    future = (timezone.now() + timedelta(days=1)).isoformat()
    assert (
        "performed_at"
        in api(cast.sw).patch(url, {"performed_at": future, "reason": "x"}, format="json").json()
    )


def test_a_screening_in_error_is_no_ones_latest_and_takes_no_more_changes(cast, api, child):
    older = screen(cast, child, performed_at=hours_ago(5))
    newer = screen(cast, child, indicators=["controlled_or_groomed"])
    assert selectors.latest_screening(cast.sw, child) == newer
    answer = api(cast.sw).post(
        f"/api/v1/screenings/{newer.pk}/void/", {"reason": "Another child's"}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["entered_in_error"] is True
    assert selectors.latest_screening(cast.sw, child) == older
    again = api(cast.sw).post(f"/api/v1/screenings/{newer.pk}/void/", {"reason": "x"}, format="json")
    assert again.status_code == 400
    at_risk = api(cast.sw).post(f"/api/v1/screenings/{newer.pk}/document-at-risk/")
    assert at_risk.status_code == 400


def test_a_return_screening_in_error_reopens_the_return_clock_and_another_meets_it(
    cast, child, returned_episode
):
    first = screen(
        cast,
        child,
        context="return_from_missing",
        missing_episode=returned_episode,
        performed_at=hours_ago(2),
    )
    assert return_clock(child).met_at == first.performed_at
    services.screening_void(user=cast.sw, screening=first, reason="Recorded twice")
    assert return_clock(child).met_at is None
    second = screen(cast, child, context="return_from_missing", performed_at=hours_ago(1))
    assert return_clock(child).met_at == second.performed_at


def test_a_screening_corrected_out_of_the_return_context_no_longer_meets_it(cast, child, returned_episode):
    screening = screen(cast, child, context="return_from_missing", missing_episode=returned_episode)
    services.screening_correct(user=cast.sw, screening=screening, reason="A routine visit", context="visit")
    assert return_clock(child).met_at is None
    services.screening_correct(
        user=cast.sw, screening=screening, reason="It was the return", context="return_from_missing"
    )
    assert return_clock(child).met_at == screening.performed_at


def test_admins_and_other_counties_are_refused(cast, api, child):
    screening = screen(cast, child)
    url = f"/api/v1/screenings/{screening.pk}/"
    assert api(cast.admin).patch(url, {"notes": "x", "reason": "x"}, format="json").status_code == 403
    assert api(cast.admin).post(url + "void/", {"reason": "x"}, format="json").status_code == 403
    assert api(cast.sw_b).patch(url, {"notes": "x", "reason": "x"}, format="json").status_code == 404
    assert api(cast.sw_b).post(url + "void/", {"reason": "x"}, format="json").status_code == 404
    assert signed_in(cast.admin).get(f"/screenings/{screening.pk}/void/").status_code == 403
    assert signed_in(cast.sw_b).get(f"/screenings/{screening.pk}/correct/").status_code == 404


def test_the_screening_page_corrects_and_marks_in_error(cast, child):
    screening = screen(cast, child)
    browser = signed_in(cast.sw)
    detail = browser.get(f"/screenings/{screening.pk}/").content.decode()
    assert f"/screenings/{screening.pk}/correct/" in detail and f"/screenings/{screening.pk}/void/" in detail
    form = browser.get(f"/screenings/{screening.pk}/correct/")
    assert form.status_code == 200 and 'value="frequent_truancy" id="id_indicators_' in form.content.decode()
    data = {
        "performed_at": timezone.localtime(screening.performed_at, PACIFIC).strftime("%Y-%m-%dT%H:%M"),
        "context": "visit",
        "indicators": ["frequent_truancy", "substance_abuse"],
        "reason": "Missed a box",
    }
    assert browser.post(f"/screenings/{screening.pk}/correct/", data).status_code == 302
    assert Screening.objects.get().at_risk is True
    assert browser.post(f"/screenings/{screening.pk}/void/", {"reason": ""}).status_code == 400
    assert browser.post(f"/screenings/{screening.pk}/void/", {"reason": "Wrong child"}).status_code == 302
    page = browser.get(f"/screenings/{screening.pk}/").content.decode()
    assert "Entered in error: Wrong child" in page and f"/screenings/{screening.pk}/void/" not in page
    assert "Entered in error:</strong> Wrong child" in browser.get(f"/clients/{child.pk}/").content.decode()
