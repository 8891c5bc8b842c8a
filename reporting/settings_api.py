"""`/api/v1/clock-settings/`: the caller's county clock settings; a thin adapter over `county_settings`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.acting import acting, valid

from . import county_settings
from .county_settings import BOUNDS
from .models import ClockSettings

APPLIES_LATER = (
    "A clock's due time and reminder time are computed once, when the clock starts: a change applies to clocks "
    "started afterwards; clocks already running keep their times."
)


def _hours(field: str, help_text: str) -> serializers.IntegerField:
    bound = BOUNDS[field]
    return serializers.IntegerField(
        min_value=bound.low,
        max_value=bound.high,
        help_text=f"{help_text} Whole hours, {bound.low}-{bound.high}.",
    )


class ClockSettingsSerializer(serializers.Serializer):
    return_notice_hours = _hours(
        "return_notice_hours",
        "Hours after a child's return by which law enforcement and NCMEC must be told of it, where a "
        "missing-child report was made to them (default 24).",
    )
    return_assessment_hours = _hours(
        "return_assessment_hours",
        "Hours after a child's return by which the child must be screened (context return_from_missing; "
        "default 72).",
    )
    reminder_lead_hours = _hours(
        "reminder_lead_hours",
        "Hours before a clock falls due that its worker and their supervisor are reminded (default 4).",
    )

    def validate(self, attrs: dict[str, int]) -> dict[str, int]:
        # A misspelt name would otherwise be dropped and the answer would look like a saved change.
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: ["Not a clock setting."] for name in unknown})
        if not attrs:
            raise serializers.ValidationError(f"Give at least one of: {', '.join(county_settings.FIELDS)}.")
        return attrs


def _answer(settings: ClockSettings) -> Response:
    return Response({field: getattr(settings, field) for field in county_settings.FIELDS})


def _not_found() -> Response:
    return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)


class ClockSettingsView(GenericAPIView):
    """The caller's county clock settings (DOMAIN.md §5). Any signed-in user of a county reads them; only the
    county admin changes them."""

    serializer_class = ClockSettingsSerializer
    pagination_class = None

    @extend_schema(
        summary="The county's clock settings",
        description="The hours of the caller's county; the defaults of DOMAIN.md §5 until its county admin "
        "changes them.",
        responses={200: ClockSettingsSerializer},
    )
    def get(self, request: Request) -> Response:
        user = acting(request)
        if user.county is None:
            return _not_found()
        return _answer(county_settings.clock_settings_of(user.county))

    @extend_schema(
        summary="Change the county's clock settings (county admin)",
        description=f"Give any of the three settings; the others are kept. County admin of the caller's county "
        f"only (403 otherwise); a value outside its bounds is a 400 naming the field, and nothing is saved. "
        f"Recorded in history with the acting user. {APPLIES_LATER}",
        request=ClockSettingsSerializer(partial=True),
        responses={
            200: ClockSettingsSerializer,
            400: OpenApiResponse(description="A field's value is not a whole number within its bounds."),
            403: OpenApiResponse(description="The caller is not the county admin of the county."),
        },
    )
    def patch(self, request: Request) -> Response:
        user = acting(request)
        county = user.county
        if county is None:
            return _not_found()
        # Refused before the values are checked: one who may not change the hours gets a 403, never a 400.
        county_settings.require_admin_of(user, county)
        values = valid(ClockSettingsSerializer, request, partial=True)
        saved = county_settings.clock_settings_set(user=user, county=county, **values)
        return _answer(saved)
