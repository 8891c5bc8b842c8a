"""The numbers the state asks for (WIC 16501.45; DOMAIN.md §8): distinct children per CSEC category in a period."""

from datetime import date
from typing import Any

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from referrals.models import CsecRow, CsecType

CATEGORIES = {
    "victims_before_foster_care": CsecType.VICTIM_BEFORE_FOSTER_CARE,
    "victims_during_foster_care": CsecType.VICTIM_DURING_FOSTER_CARE,
    "victims_while_absent": CsecType.VICTIM_WHILE_ABSENT_FROM_PLACEMENT,
    "at_risk": CsecType.AT_RISK,
}


def csec_statistics(county_id: Any, start: date, end: date) -> dict[str, int]:
    """Distinct children per category whose row of that type overlaps [start, end] (both days included)."""
    overlapping = CsecRow.objects.filter(county_id=county_id, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start)
    )
    return {
        name: overlapping.filter(csec_type=csec_type).values("client_id").distinct().count()
        for name, csec_type in CATEGORIES.items()
    }


class PeriodSerializer(serializers.Serializer):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": ["Must be on or after from."]})
        return attrs


# `from` is a Python keyword, so the fields are declared by name.
StatisticsQuery = type(
    "StatisticsQuery", (PeriodSerializer,), {"from": serializers.DateField(), "to": serializers.DateField()}
)


StatisticsAnswer = type(
    "StatisticsAnswer",
    (serializers.Serializer,),
    {
        "county": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        **{name: serializers.IntegerField() for name in CATEGORIES},
    },
)


class CsecStatisticsView(APIView):
    """Distinct children of the caller's county per WIC 16501.45 category, for the period `from`..`to`."""

    @extend_schema(parameters=[StatisticsQuery], responses={200: StatisticsAnswer})
    def get(self, request: Request) -> Response:
        query = StatisticsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, end = query.validated_data["from"], query.validated_data["to"]
        county = getattr(request.user, "county", None)
        if county is None:
            raise PermissionDenied("Statistics are kept per county; this account has none.")
        counts = csec_statistics(county.pk, start, end)
        return Response({"county": county.name, "from": start, "to": end, **counts})
