"""What every API endpoint shares: the error shape of the contract and how an instant is read."""

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .amend import REASON_MAX_LENGTH

# Date, time to the minute or finer, and the offset (its absence is refused apart, with its own message).
RFC_3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?([Zz]|[+-]\d{2}:\d{2})?", re.ASCII
)


def django_errors_as_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(
            {field: [str(m) for e in errors for m in e.messages] for field, errors in exc.error_dict.items()}
        )
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus model validation errors from the service layer answered as 400 field messages."""
    if isinstance(exc, DjangoValidationError):
        exc = django_errors_as_drf(exc)
    return drf_exception_handler(exc, context)


class InstantField(serializers.DateTimeField):
    """An instant on input: RFC 3339 with its UTC offset, every part in range. A time without an offset is
    refused, not guessed: read in the wrong zone it would move a 24-hour clock by hours. A malformed one (minute
    99, February 30, offset +25:00) is a 400 naming the field, never a server error."""

    default_error_messages = {
        "naive": "Give the instant with its UTC offset (RFC 3339), e.g. 2026-01-05T10:00:00-08:00.",
        "invalid": "Not a real instant: give it as RFC 3339 with its UTC offset, e.g. 2026-01-05T10:00:00-08:00.",
    }

    def to_internal_value(self, value: Any) -> Any:
        if not isinstance(value, str) or not RFC_3339.fullmatch(value.strip()):
            self.fail("invalid")
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:  # well formed, out of range: Django raises instead of answering None
            parsed = None
        if parsed is None:
            self.fail("invalid")
        if timezone.is_naive(parsed):
            self.fail("naive")
        return super().to_internal_value(parsed)


# What every entry a person makes answers beside its own fields: a late entry's reason, and the mark of an entry
# made in error (kept, shown struck through, counted nowhere).
ENTERED_FIELDS = ("late_entry_reason", "entered_in_error", "entered_in_error_at", "entered_in_error_reason")


class EnteredRecordFields(serializers.Serializer[object]):
    entered_in_error = serializers.BooleanField(read_only=True)


def late_entry_reason_field(
    help_text: str = "Why an instant older than the county's late-entry window is entered now (required then).",
) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=REASON_MAX_LENGTH, help_text=help_text
    )


def reason_field(
    *,
    required: bool,
    help_text: str = "Why the entry is corrected or marked entered in error; kept in its history.",
) -> serializers.CharField:
    return serializers.CharField(
        required=required, allow_blank=True, max_length=REASON_MAX_LENGTH, help_text=help_text
    )


def in_county[T](field: str, lookup: Callable[[], T]) -> T:
    """The related record in the caller's county, or a 400 on `field` (another county's id is simply unknown)."""
    try:
        return lookup()
    except Http404 as exc:
        raise serializers.ValidationError({field: [f"Unknown {field.replace('_', ' ')}."]}) from exc
