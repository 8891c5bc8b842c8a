"""The numbers the state asks for (WIC 16501.45; DOMAIN.md §8), as the API answers them: distinct children per
CSEC category in a period. The counts are read by `oversight`."""

from datetime import date

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.acting import acting

from .oversight import CATEGORIES, csec_statistics


class PeriodSerializer(serializers.Serializer):
    def validate(self, attrs: dict[str, date]) -> dict[str, date]:
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
        user = acting(request)
        if user.county is None:
            raise PermissionDenied("Statistics are kept per county; this account has none.")
        counts = csec_statistics(user, start, end)
        return Response({"county": user.county.name, "from": start, "to": end, **counts})
