"""Writing a note, correcting it with a reason, marking it entered in error: who may, what is refused, and the
history each leaves."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notes import services
from notes.models import NOTE_MAX_LENGTH, CaseNote

from .conftest import minutes_ago

pytestmark = pytest.mark.django_db


def write(user, client, **fields):
    values = {"kind": "contact", "occurred_at": minutes_ago(30), "text": "Met Maya at school."} | fields
    return services.note_create(user=user, client=client, **values)


def refusal(call) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


@pytest.mark.parametrize("role", ["sw", "po", "supervisor"])
def test_the_caseworkers_of_the_county_write_notes_with_history(cast, child, role):
    author = getattr(cast, role)
    note = write(author, child, kind="supervision", text="  Discussed the safety plan.  ")
    assert note.author == author and note.county_id == child.county_id
    assert note.text == "Discussed the safety plan."
    row = note.history.get()
    assert row.history_type == "+" and row.history_user == author
    assert row.history_change_reason == "case note written"


def test_a_county_admin_writes_no_note(cast, child):
    with pytest.raises(PermissionDenied):
        write(cast.admin, child)
    assert not CaseNote.objects.exists()


def test_another_countys_child_is_unknown(cast, child_b):
    assert refusal(lambda: write(cast.sw, child_b)) == {"client": ["Unknown client."]}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"kind": ""}, "kind"),
        ({"occurred_at": None}, "occurred_at"),
        ({"occurred_at": timezone.now() + timedelta(hours=1)}, "occurred_at"),
        ({"occurred_at": datetime(2026, 1, 5, 10, 0)}, "occurred_at"),  # no offset
        ({"occurred_at": datetime(2011, 5, 1, 12, 0, tzinfo=UTC)}, "occurred_at"),  # before birth
        ({"occurred_at": timezone.now() - timedelta(days=45)}, "occurred_at"),  # beyond the window, no reason
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "x" * (NOTE_MAX_LENGTH + 1)}, "text"),
        ({"text": "nul \x00 inside"}, "text"),
        ({"text": None}, "text"),
        ({"late_entry_reason": "x" * 1001}, "late_entry_reason"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(cast, child, fields, field):
    errors = refusal(lambda: write(cast.sw, child, **fields))
    assert field in errors
    assert not CaseNote.objects.exists()


def test_an_old_event_is_a_late_entry_with_its_reason(cast, child):
    note = write(
        cast.sw,
        child,
        occurred_at=timezone.now() - timedelta(days=45),
        late_entry_reason="From the paper file",
    )
    assert note.late_entry_reason == "From the paper file"


def test_a_correction_keeps_both_versions_with_who_and_why(cast, child, note):
    before = note.text
    corrected = services.note_correct(
        user=cast.supervisor, note=note, reason="Typo in the school's name", text="Home visit, corrected."
    )
    assert corrected.text == "Home visit, corrected."
    latest, first = note.history.order_by("-history_date", "-history_id")
    assert (first.text, latest.text) == (before, "Home visit, corrected.")
    assert latest.history_type == "~" and latest.history_user == cast.supervisor
    assert latest.history_change_reason == "case note corrected: Typo in the school's name"


def test_a_correction_needs_a_reason_and_a_change(cast, child, note):
    assert "reason" in refusal(lambda: services.note_correct(user=cast.sw, note=note, reason="", text="New"))
    assert "reason" in refusal(
        lambda: services.note_correct(user=cast.sw, note=note, reason="  ", text="New")
    )
    same = refusal(
        lambda: services.note_correct(user=cast.sw, note=note, reason="why", text=f" {note.text} ")
    )
    assert same == {"non_field_errors": ["Nothing to correct: change at least one field."]}
    assert note.history.count() == 1


def test_a_correction_is_checked_by_the_rules_of_writing(cast, child, note):
    for changes, field in (
        ({"kind": "rumour"}, "kind"),
        ({"text": ""}, "text"),
        ({"occurred_at": timezone.now() + timedelta(days=1)}, "occurred_at"),
        ({"occurred_at": timezone.now() - timedelta(days=60)}, "occurred_at"),  # newly entered, too old
    ):
        assert field in refusal(
            lambda c=changes: services.note_correct(user=cast.sw, note=note, reason="r", **c)
        )
    with pytest.raises(ValidationError) as caught:
        services.note_correct(user=cast.sw, note=note, reason="r", author=cast.po)
    assert caught.value.message_dict == {"author": ["This field cannot be changed."]}
    old = services.note_correct(
        user=cast.sw,
        note=note,
        reason="It was last month's visit",
        occurred_at=timezone.now() - timedelta(days=60),
        late_entry_reason="Found in the paper file",
    )
    assert old.late_entry_reason == "Found in the paper file"


def test_a_county_admin_neither_corrects_nor_marks_a_note(cast, child, note):
    with pytest.raises(PermissionDenied):
        services.note_correct(user=cast.admin, note=note, reason="r", text="changed")
    with pytest.raises(PermissionDenied):
        services.note_void(user=cast.admin, note=note, reason="r")
    with pytest.raises(ValidationError):
        services.note_correct(user=cast.sw_b, note=note, reason="r", text="changed")


def test_a_note_entered_in_error_stays_and_takes_no_change(cast, child, note):
    assert "reason" in refusal(lambda: services.note_void(user=cast.sw, note=note, reason=""))
    voided = services.note_void(user=cast.po, note=note, reason="Written on the wrong child's record")
    assert voided.entered_in_error and voided.entered_in_error_by == cast.po
    assert CaseNote.objects.filter(pk=note.pk).exists()
    assert note.history.order_by("-history_id").first().history_change_reason == (
        "case note entered in error: Written on the wrong child's record"
    )
    for again in (
        lambda: services.note_correct(user=cast.sw, note=note, reason="r", text="changed"),
        lambda: services.note_void(user=cast.sw, note=note, reason="again"),
    ):
        assert "non_field_errors" in refusal(again)
