"""Correcting a missing episode, its follow-ups, its return and reports, and marking them entered in error, from
the pages (Django's test client); messages after every save; the Late entry box on the episode and report forms."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client as Browser
from django.utils import timezone

from referrals.models import LocateAttempt, MissingEpisode, Reconfirmation
from reporting.episodes import episode_record, episode_return, locate_attempt_record, reconfirmation_record
from reporting.models import Deadline, Report
from reporting.reports import report_record

from .conftest import at

pytestmark = pytest.mark.django_db
NOW = at(2026, 6, 15, 18, 0)
PACIFIC = ZoneInfo("America/Los_Angeles")
LATE = "More than 30 days ago: mark it a late entry and say why."


@pytest.fixture(autouse=True)
def travel():
    with time_machine.travel(NOW, tick=False):
        yield


def ago(days: float = 0, hours: float = 0):
    return NOW - timedelta(days=days, hours=hours)


def local(instant) -> str:
    return timezone.localtime(instant, PACIFIC).strftime("%Y-%m-%dT%H:%M")


def signed_in(user) -> Browser:
    browser = Browser()
    browser.force_login(user)
    return browser


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def episode(cast, child) -> MissingEpisode:
    return episode_record(
        user=cast.sw,
        client=child,
        discovered_at=ago(hours=30),
        circumstance="runaway",
        reasonably_believed_cse=True,
        last_known_location="Lake Merritt",
    )


def episode_form(episode: MissingEpisode, **changes: str) -> dict[str, str]:
    return {
        "discovered_at": local(episode.discovered_at),
        "last_known_location": episode.last_known_location,
        "circumstance": episode.circumstance,
        "reasonably_believed_cse": "on",
        **changes,
    }


def test_recording_an_episode_and_a_report_says_so_and_a_late_one_needs_the_box(cast, child):
    browser = signed_in(cast.sw)
    new = f"/clients/{child.pk}/missing/new/"
    old = {"discovered_at": local(ago(40)), "circumstance": "runaway"}
    refused = browser.post(new, old)
    assert LATE in refused.content.decode() and not MissingEpisode.objects.exists()
    unexplained = browser.post(new, {**old, "late_entry": "on"})
    assert "Say why this is entered late." in unexplained.content.decode()
    done = browser.post(new, {**old, "late_entry": "on", "late_entry_reason": "Paper file"}, follow=True)
    assert said(done) == ["Missing episode recorded."]
    assert MissingEpisode.objects.get().late_entry_reason == "Paper file"
    report = {"made_at": local(ago(hours=1)), "method": "phone", "agency_name": "Oakland PD"}
    made = browser.post(f"/clients/{child.pk}/reports/law_enforcement/new/", report, follow=True)
    assert said(made) == ["Report recorded: Law enforcement."]
    page = made.content.decode()
    assert 'data-testid="report-row"' in page and f"/reports/{Report.objects.get().pk}/correct/" in page


def test_the_episode_is_corrected_on_its_page_and_its_clocks_follow(cast, episode):
    browser = signed_in(cast.sw)
    page = browser.get(f"/missing-episodes/{episode.pk}/").content.decode()
    assert (
        f"/missing-episodes/{episode.pk}/correct/" in page and f"/missing-episodes/{episode.pk}/void/" in page
    )
    form = browser.get(f"/missing-episodes/{episode.pk}/correct/")
    assert form.status_code == 200 and 'value="Lake Merritt"' in form.content.decode()
    data = episode_form(episode, last_known_location="Fruitvale BART")
    assert browser.post(f"/missing-episodes/{episode.pk}/correct/", data).status_code == 400  # no reason
    done = browser.post(
        f"/missing-episodes/{episode.pk}/correct/", {**data, "reason": "Misheard"}, follow=True
    )
    assert said(done) == ["Missing episode corrected."]
    corrected = MissingEpisode.objects.get()
    assert (corrected.last_known_location, corrected.discovered_at) == (
        "Fruitvale BART",
        episode.discovered_at,
    )
    assert corrected.history.first().history_change_reason == "missing episode corrected: Misheard"
    earlier = episode_form(episode, discovered_at=local(ago(hours=40)), reason="The school called earlier")
    assert browser.post(f"/missing-episodes/{episode.pk}/correct/", earlier).status_code == 302
    live = Deadline.objects.filter(kind="ncmec_report", cancelled_at=None).get()
    assert live.due_at == ago(hours=16)
    unborn = episode_form(episode, discovered_at="2001-01-01T10:00", reason="x")
    refused = browser.post(f"/missing-episodes/{episode.pk}/correct/", unborn)
    assert (
        refused.status_code == 400
        and "Cannot be before the child&#x27;s date of birth." in refused.content.decode()
    )


def test_the_episode_is_marked_entered_in_error_after_a_confirmation_step(cast, child, episode):
    browser = signed_in(cast.sw)
    confirm = browser.get(f"/missing-episodes/{episode.pk}/void/")
    assert confirm.status_code == 200 and "Found missing" in confirm.content.decode()
    assert browser.post(f"/missing-episodes/{episode.pk}/void/", {"reason": " "}).status_code == 400
    done = browser.post(f"/missing-episodes/{episode.pk}/void/", {"reason": "Not <this> child"}, follow=True)
    assert said(done) == ["Missing episode marked entered in error."]
    page = done.content.decode()
    assert "Entered in error: Not &lt;this&gt; child" in page and "text-strike" in page
    assert f"/missing-episodes/{episode.pk}/correct/" not in page and "Record locate attempt" not in page
    assert set(Deadline.objects.values_list("cancelled_reason", flat=True)) == {"entered_in_error"}
    clocks_page = browser.get(f"/clients/{child.pk}/clocks/").content.decode()
    assert "<strong>Entered in error:</strong> Not &lt;this&gt; child" in clocks_page
    assert browser.get(f"/missing-episodes/{episode.pk}/void/").status_code == 302  # nothing more to do


def test_follow_ups_and_the_return_are_corrected_and_marked_from_the_episode_page(cast, episode):
    attempt = locate_attempt_record(
        user=cast.sw, episode=episode, attempted_at=ago(hours=20), method="Called"
    )
    check = reconfirmation_record(user=cast.sw, episode=episode, confirmed_at=ago(hours=10))
    browser = signed_in(cast.sw)
    page = browser.get(f"/missing-episodes/{episode.pk}/").content.decode()
    for path in (f"/locate-attempts/{attempt.pk}/", f"/reconfirmations/{check.pk}/"):
        assert path + "correct/" in page and path + "void/" in page
    moved = {"attempted_at": local(ago(hours=21)), "method": "Visited school", "reason": "Wrong hour"}
    assert said(browser.post(f"/locate-attempts/{attempt.pk}/correct/", moved, follow=True)) == [
        "Locate attempt corrected."
    ]
    assert LocateAttempt.objects.get().method == "Visited school"
    voided = browser.post(f"/reconfirmations/{check.pk}/void/", {"reason": "Another child's"}, follow=True)
    assert said(voided) == ["Reconfirmation marked entered in error."]
    assert "<strong>Entered in error:</strong> Another child&#x27;s" in voided.content.decode()
    assert Reconfirmation.objects.get().entered_in_error
    assert browser.get(f"/missing-episodes/{episode.pk}/return/void/").status_code == 302  # no return yet
    episode_return(user=cast.sw, episode=episode, returned_at=ago(hours=2))
    page = browser.get(f"/missing-episodes/{episode.pk}/").content.decode()
    assert "/return/correct/" in page and "/return/void/" in page
    back = {"returned_at": local(ago(hours=3)), "return_location": "Aunt's house", "reason": "Typo"}
    assert said(browser.post(f"/missing-episodes/{episode.pk}/return/correct/", back, follow=True)) == [
        "Return corrected."
    ]
    undone = browser.post(f"/missing-episodes/{episode.pk}/return/void/", {"reason": "Not her"}, follow=True)
    assert said(undone) == ["Return marked entered in error."]
    assert MissingEpisode.objects.get().returned_at is None
    assert "<strong>Entered in error:</strong> Not her" in undone.content.decode()
    assert "Record return" in undone.content.decode()


def test_a_report_is_corrected_and_marked_from_the_clocks_page(cast, child):
    made = report_record(
        user=cast.sw,
        kind="law_enforcement",
        client=child,
        made_at=ago(hours=2),
        method="phone",
        agency_name="PD",
    )
    browser = signed_in(cast.sw)
    page = browser.get(f"/clients/{child.pk}/clocks/").content.decode()
    assert f"/reports/{made.pk}/correct/" in page and f"/reports/{made.pk}/void/" in page
    form = browser.get(f"/reports/{made.pk}/correct/").content.decode()
    assert 'name="report_number"' in form and 'name="ncmec_case_number"' not in form
    data = {
        "made_at": local(made.made_at),
        "method": "phone",
        "agency_name": "Oakland PD",
        "reason": "Full name",
    }
    done = browser.post(f"/reports/{made.pk}/correct/", data, follow=True)
    assert said(done) == ["Report corrected."] and done.request["PATH_INFO"] == f"/clients/{child.pk}/clocks/"
    assert Report.objects.get().agency_name == "Oakland PD"
    late = {**data, "made_at": local(ago(40))}
    assert LATE in browser.post(f"/reports/{made.pk}/correct/", late).content.decode()
    voided = browser.post(f"/reports/{made.pk}/void/", {"reason": "Never called"}, follow=True)
    assert said(voided) == ["Report marked entered in error."]
    assert "<strong>Entered in error:</strong> Never called" in voided.content.decode()


def test_a_county_admin_gets_no_change_page_and_another_county_none(cast, child, episode):
    made = report_record(
        user=cast.sw,
        kind="ncmec",
        client=child,
        missing_episode=episode,
        made_at=ago(1),
        method="web",
        agency_name="N",
    )
    paths = [
        f"/missing-episodes/{episode.pk}/correct/",
        f"/missing-episodes/{episode.pk}/void/",
        f"/reports/{made.pk}/correct/",
        f"/reports/{made.pk}/void/",
    ]
    admin, other = signed_in(cast.admin), signed_in(cast.sw_b)
    for path in paths:
        assert admin.get(path).status_code == 403, path
        assert admin.post(path, {"reason": "x"}).status_code == 403, path
        assert other.get(path).status_code == 404, path
        assert other.post(path, {"reason": "x"}).status_code == 404, path
    assert not MissingEpisode.objects.get().entered_in_error and not Report.objects.get().entered_in_error
    assert "/correct/" not in admin.get(f"/missing-episodes/{episode.pk}/").content.decode()
