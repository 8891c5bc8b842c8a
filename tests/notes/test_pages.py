"""The notes pages under the child's record: the list, writing a note (errors keep what was typed), a note
with its history, its correction and the confirmation that marks it entered in error; scoping, roles, access
events, and the child's page linking to them."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client as WebClient
from django.utils import timezone

from accounts.models import AccessEvent
from notes import services
from notes.models import CaseNote

from .conftest import minutes_ago

pytestmark = pytest.mark.django_db


def web(user) -> WebClient:
    browser = WebClient()
    browser.force_login(user)
    return browser


def pacific(instant) -> str:
    """An instant as the form's datetime-local field takes it, in the county's zone."""
    return instant.astimezone(ZoneInfo("America/Los_Angeles")).strftime("%Y-%m-%dT%H:%M")


def test_the_notes_page_lists_newest_first_and_records_the_reads(cast, child, note):
    older = services.note_create(
        user=cast.po, client=child, kind="court", occurred_at=minutes_ago(600), text="Hearing continued."
    )
    page = web(cast.supervisor).get(f"/clients/{child.pk}/notes/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.index(note.text) < html.index("Hearing continued.")
    assert "Write a note" in html
    seen = AccessEvent.objects.filter(user=cast.supervisor, via="page")
    assert set(seen.values_list("record_type", "record_id")) == {
        ("referrals.client", str(child.pk)),
        ("notes.casenote", str(note.pk)),
        ("notes.casenote", str(older.pk)),
    }


def test_the_notes_page_pages_by_25(cast, child):
    for n in range(27):
        services.note_create(
            user=cast.sw, client=child, kind="other", occurred_at=minutes_ago(n + 1), text=f"n{n}"
        )
    first = web(cast.sw).get(f"/clients/{child.pk}/notes/").content.decode()
    assert first.count('data-testid="note"') == 25 and "Older notes" in first
    second = web(cast.sw).get(f"/clients/{child.pk}/notes/?page=2").content.decode()
    assert second.count('data-testid="note"') == 2 and "Newer notes" in second


def test_a_worker_writes_a_note_and_sees_the_confirmation(cast, child):
    browser = web(cast.sw)
    assert browser.get(f"/clients/{child.pk}/notes/new/").status_code == 200
    when = minutes_ago(20)
    response = browser.post(
        f"/clients/{child.pk}/notes/new/",
        {"kind": "contact", "occurred_at": pacific(when), "text": "Visited at the placement."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/clients/{child.pk}/notes/"
    assert "Contact note saved." in response.content.decode()
    note = CaseNote.objects.get()
    assert note.author == cast.sw and note.occurred_at == when.replace(second=0)


def test_a_refused_note_keeps_what_was_typed(cast, child):
    future = pacific(timezone.now() + timedelta(days=2))
    response = web(cast.sw).post(
        f"/clients/{child.pk}/notes/new/",
        {"kind": "court", "occurred_at": future, "text": "Hearing set for Friday, text kept."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cannot be in the future." in html
    assert "Hearing set for Friday, text kept." in html and f'value="{future}"' in html
    blank = web(cast.sw).post(f"/clients/{child.pk}/notes/new/", {"kind": "court", "text": " "})
    assert blank.status_code == 400 and "This field is required." in blank.content.decode()
    nul = web(cast.sw).post(f"/clients/{child.pk}/notes/new/", {"kind": "court", "text": "a\x00b"})
    assert nul.status_code == 400
    assert not CaseNote.objects.exists()


def test_an_old_note_needs_the_late_entry_box_and_its_reason(cast, child):
    old = pacific(timezone.now() - timedelta(days=45))
    url = f"/clients/{child.pk}/notes/new/"
    refused = web(cast.sw).post(url, {"kind": "court", "occurred_at": old, "text": "Old hearing."})
    assert refused.status_code == 400 and "late entry" in refused.content.decode()
    done = web(cast.sw).post(
        url,
        {
            "kind": "court",
            "occurred_at": old,
            "text": "Old hearing.",
            "late_entry": "on",
            "late_entry_reason": "File",
        },
    )
    assert done.status_code == 302
    assert CaseNote.objects.get().late_entry_reason == "File"


def test_a_county_admin_reads_notes_but_gets_no_form(cast, child, note):
    admin = web(cast.admin)
    page = admin.get(f"/clients/{child.pk}/notes/")
    assert page.status_code == 200 and "Write a note" not in page.content.decode()
    assert admin.get(f"/clients/{child.pk}/notes/new/").status_code == 403
    data = {"kind": "court", "occurred_at": pacific(minutes_ago(5)), "text": "x"}
    assert admin.post(f"/clients/{child.pk}/notes/new/", data).status_code == 403
    assert admin.get(f"/notes/{note.pk}/correct/").status_code == 403
    assert admin.post(f"/notes/{note.pk}/void/", {"reason": "x"}).status_code == 403
    detail = admin.get(f"/notes/{note.pk}/").content.decode()
    assert "Correct the note" not in detail
    assert CaseNote.objects.count() == 1


def test_another_countys_worker_finds_nothing(cast, child, note):
    other = web(cast.sw_b)
    for path in (
        f"/clients/{child.pk}/notes/",
        f"/clients/{child.pk}/notes/new/",
        f"/notes/{note.pk}/",
        f"/notes/{note.pk}/correct/",
        f"/notes/{note.pk}/void/",
        "/notes/not-a-uuid/",
    ):
        assert other.get(path).status_code == 404, path


def test_correcting_a_note_keeps_both_versions_on_its_history(cast, child, note):
    browser = web(cast.sw)
    form = browser.get(f"/notes/{note.pk}/correct/")
    assert form.status_code == 200 and note.text in form.content.decode()
    unchanged = {"kind": "contact", "occurred_at": pacific(note.occurred_at), "text": note.text}
    no_reason = browser.post(f"/notes/{note.pk}/correct/", unchanged | {"text": "Fixed.", "reason": ""})
    assert no_reason.status_code == 400 and "Fixed." in no_reason.content.decode()
    nothing = browser.post(f"/notes/{note.pk}/correct/", unchanged | {"reason": "No change"})
    assert nothing.status_code == 400 and "Nothing to correct" in nothing.content.decode()
    done = browser.post(
        f"/notes/{note.pk}/correct/", unchanged | {"text": "Fixed text.", "reason": "Typo"}, follow=True
    )
    html = done.content.decode()
    assert "Note corrected." in html
    assert html.count('data-testid="note-version"') == 2
    assert "case note corrected: Typo" in html and note.text in html and "Fixed text." in html
    # The time was shown to the minute and sent back unchanged: it is not a change.
    note.refresh_from_db()
    assert note.history.latest().occurred_at == note.occurred_at
    assert AccessEvent.objects.filter(record_type="notes.casenote", record_id=str(note.pk)).exists()


def test_marking_a_note_entered_in_error_asks_why_and_keeps_it(cast, child, note):
    browser = web(cast.sw)
    assert browser.get(f"/notes/{note.pk}/void/").status_code == 200
    assert browser.post(f"/notes/{note.pk}/void/", {"reason": ""}).status_code == 400
    done = browser.post(f"/notes/{note.pk}/void/", {"reason": "Wrong child"}, follow=True)
    html = done.content.decode()
    assert "Note marked entered in error." in html and "Wrong child" in html
    assert 'data-entered-in-error="true"' in html and "Correct the note" not in html
    again = browser.get(f"/notes/{note.pk}/correct/", follow=True)
    assert "can no longer be changed" in again.content.decode()


def test_the_childs_page_links_to_the_timeline_and_shows_recent_notes(cast, child, note):
    services.note_void(
        user=cast.sw,
        note=services.note_create(
            user=cast.sw, client=child, kind="court", occurred_at=minutes_ago(1), text="Voided text"
        ),
        reason="Wrong child",
    )
    html = web(cast.po).get(f"/clients/{child.pk}/").content.decode()
    assert f'href="/clients/{child.pk}/timeline/"' in html
    assert f'href="/clients/{child.pk}/notes/"' in html
    assert 'data-testid="notes-panel"' in html and note.text in html
    assert "Voided text" not in html
    assert f'href="/clients/{child.pk}/notes/new/"' in html
    assert (
        f'href="/clients/{child.pk}/notes/new/"'
        not in web(cast.admin).get(f"/clients/{child.pk}/").content.decode()
    )
