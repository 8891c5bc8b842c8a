"""The timeline page: every kind, newest first, each entry a link to its record; the filter; paging; the
same reach as the child's page; an access event for the child."""

from datetime import timedelta

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from accounts.models import AccessEvent
from notes import services as notes

from ..ux.text import read_text, stray_dates
from .conftest import make_child
from .test_api import NEWEST_FIRST

pytestmark = pytest.mark.django_db


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def kinds_on(html: str) -> list[str]:
    return [part.split('"', 1)[0] for part in html.split('data-kind="')[1:]]


def test_the_page_shows_every_kind_newest_first_with_links(cast, story):
    page = web(cast.sw).get(f"/clients/{story.child.pk}/timeline/")
    assert page.status_code == 200
    html = page.content.decode()
    assert kinds_on(html) == NEWEST_FIRST
    assert f'href="/referrals/{story.referral.pk}/"' in html
    assert f'href="/notes/{story.note.pk}/"' in html
    assert "Contact corrected: The visit was an hour later" in html
    assert html.count('data-entered-in-error="true"') == 1
    event = AccessEvent.objects.get(user=cast.sw, record_id=str(story.child.pk))
    assert event.via == "page" and event.record_type == "referrals.client"


def test_the_filter_shows_one_kind(cast, story):
    html = web(cast.supervisor).get(f"/clients/{story.child.pk}/timeline/?kind=note").content.decode()
    assert kinds_on(html) == ["note", "note"]
    assert '<option value="note" selected>' in html
    empty = make_child(cast.sw, "Ana")
    none = web(cast.sw).get(f"/clients/{empty.pk}/timeline/?kind=report").content.decode()
    assert "Nothing of this kind recorded." in none


def test_an_unknown_kind_is_a_form_error_not_a_server_error(cast, story):
    page = web(cast.sw).get(f"/clients/{story.child.pk}/timeline/?kind=gossip")
    assert page.status_code == 400
    assert "Select a valid choice." in page.content.decode()
    assert web(cast.sw).get(f"/clients/{story.child.pk}/timeline/?cursor=bogus").status_code == 404


def test_the_page_pages_by_25_and_back(cast):
    child = make_child(cast.sw)
    start = timezone.now() - timedelta(hours=1)
    for n in range(30):
        notes.note_create(
            user=cast.sw,
            client=child,
            kind="other",
            occurred_at=start - timedelta(minutes=n),
            text=f"Entry {n:02}",
        )
    browser = web(cast.sw)
    first = browser.get(f"/clients/{child.pk}/timeline/?kind=note").content.decode()
    assert first.count('data-testid="timeline-entry"') == 25 and "Older entries" in first
    assert "Newer entries" not in first and "Entry 00" in first
    older = first.split('href="?kind=note&amp;cursor=')[1].split('"')[0]
    second = browser.get(f"/clients/{child.pk}/timeline/?kind=note&cursor={older}").content.decode()
    assert (
        second.count('data-testid="timeline-entry"') == 5
        and "Entry 29" in second
        and "Entry 24" not in second
    )
    assert "Older entries" not in second
    newer = second.split('href="?kind=note&amp;cursor=')[1].split('"')[0]
    back = browser.get(f"/clients/{child.pk}/timeline/?kind=note&cursor={newer}").content.decode()
    assert back.count('data-testid="timeline-entry"') == 25 and "Entry 00" in back and "Entry 24" in back


def test_the_timeline_reaches_as_far_as_the_childs_page(cast, story):
    for reader in (cast.sw, cast.po, cast.supervisor, cast.admin):
        assert web(reader).get(f"/clients/{story.child.pk}/timeline/").status_code == 200
    for reader in (cast.sw_b, cast.supervisor_b):
        assert web(reader).get(f"/clients/{story.child.pk}/timeline/").status_code == 404
        assert web(reader).get(f"/clients/{story.child.pk}/").status_code == 404
    assert WebClient().get(f"/clients/{story.child.pk}/timeline/").status_code == 302
    assert not AccessEvent.objects.filter(user__in=[cast.sw_b, cast.supervisor_b]).exists()


def test_days_and_instants_read_in_the_chosen_shapes_and_the_zone_is_named_once(cast, story):
    browser = web(cast.sw)
    for path in (
        f"/clients/{story.child.pk}/timeline/",
        f"/clients/{story.child.pk}/notes/",
        f"/notes/{story.note.pk}/",
        f"/notes/{story.voided_note.pk}/",
        f"/notes/{story.note.pk}/correct/",
        f"/notes/{story.note.pk}/void/",
    ):
        html = browser.get(path).content.decode()
        assert stray_dates(html) == [], path
        text = read_text(html)
        assert "America/Los_Angeles" not in text and text.count("Pacific Time") == 1, path
