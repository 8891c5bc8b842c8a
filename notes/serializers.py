"""API shapes of case notes (API.md, "Added in v1.1"). Input serializers check types and codes; the services
check the rules."""

from rest_framework import serializers

from kernel.api import (
    ENTERED_FIELDS,
    EnteredRecordFields,
    InstantField,
    late_entry_reason_field,
    reason_field,
)

from .models import NOTE_MAX_LENGTH, CaseNote, NoteKind

LATE_NOTE = (
    "Why a note of something older than the county's late-entry window is written only now; required for such a "
    "note."
)


class NoteSerializer(EnteredRecordFields, serializers.ModelSerializer):
    client = serializers.UUIDField(source="client_id", read_only=True)
    author = serializers.UUIDField(source="author_id", read_only=True, help_text="Who wrote the note.")
    author_name = serializers.CharField(source="author.__str__", read_only=True)

    class Meta:
        model = CaseNote
        fields = (
            "id",
            "client",
            "kind",
            "occurred_at",
            "text",
            "author",
            "author_name",
            "created_at",
            *ENTERED_FIELDS,
        )


def text_field(*, required: bool) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        max_length=NOTE_MAX_LENGTH,
        help_text=f"The note itself, at most {NOTE_MAX_LENGTH:,} characters.",
    )


class NoteInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NoteKind.choices)
    occurred_at = InstantField(help_text="When what the note records happened (RFC 3339 with its offset).")
    text = text_field(required=True)
    late_entry_reason = late_entry_reason_field(LATE_NOTE)


class NotePatch(serializers.Serializer):
    """A correction: the fields to change and why."""

    kind = serializers.ChoiceField(choices=NoteKind.choices, required=False)
    occurred_at = InstantField(required=False)
    text = text_field(required=False)
    late_entry_reason = late_entry_reason_field(LATE_NOTE)
    reason = reason_field(required=True, help_text="Why the note is corrected; kept in its history.")


class NoteVoidInput(serializers.Serializer):
    reason = reason_field(required=True)
