"""The numbers the state asks for (WIC 16501.45; DOMAIN.md §8): distinct children per CSEC category in a period,
as the API answers them, and as a page with a chart and a CSV file. The counts are read by `oversight`."""

from datetime import date
from typing import TypedDict
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.acting import acting
from kernel.county_time import county_today

from .charts import BarChart, Point, bar_chart
from .oversight import CATEGORIES, CATEGORY_LABELS, csec_statistics
from .oversight_csv import csv_response, download_name
from .oversight_forms import PeriodForm, refusal_text


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


class CategoryCount(TypedDict):
    name: str  # as the API names it
    label: str
    children: int


def default_period(today: date) -> tuple[date, date]:
    """The year so far, in the county's days: what the page shows before a period is asked for."""
    return today.replace(month=1, day=1), today


def category_rows(counts: dict[str, int]) -> list[CategoryCount]:
    return [
        CategoryCount(name=name, label=CATEGORY_LABELS[name], children=counts[name]) for name in CATEGORIES
    ]


def statistics_chart(rows: list[CategoryCount]) -> BarChart:
    points = [Point(row["label"], row["children"], f"{row['children']:,}") for row in rows]
    return bar_chart(points, maximum=max((row["children"] for row in rows), default=0))


def _period_form(request: HttpRequest) -> PeriodForm:
    """The period asked for; the year so far when none was."""
    if "from" in request.GET or "to" in request.GET:
        return PeriodForm(request.GET)
    start, end = default_period(county_today(acting(request).home_county))
    return PeriodForm({"from": start.isoformat(), "to": end.isoformat()})


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The WIC 16501.45 counts of the reader's county for a period, as a table, a chart and a CSV file."""
    user = acting(request)
    county = user.home_county
    form = _period_form(request)
    context: dict[str, object] = {"form": form, "county": county}
    if form.is_valid():
        start, end = form.period()
        rows = category_rows(csec_statistics(user, start, end))
        context |= {
            "start": start,
            "end": end,
            "rows": rows,
            "chart": statistics_chart(rows),
            "csv_query": urlencode({"from": start.isoformat(), "to": end.isoformat()}),
        }
    return render(request, "reporting/statistics.html", context, status=200 if form.is_valid() else 400)


@login_required
def statistics_csv(request: HttpRequest) -> HttpResponse:
    """The counts shown for the same period, as a CSV file named for the county and the period."""
    user = acting(request)
    county = user.home_county
    form = _period_form(request)
    if not form.is_valid():
        return HttpResponse(refusal_text(form), status=400, content_type="text/plain; charset=utf-8")
    start, end = form.period()
    counts = csec_statistics(user, start, end)
    rows = ({"county": county.name, "from": start, "to": end, **row} for row in category_rows(counts))
    columns = ["county", "from", "to", "name", "label", "children"]
    return csv_response(download_name("csec-statistics", county, start, end), columns, rows)
