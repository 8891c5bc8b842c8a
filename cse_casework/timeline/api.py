"""`GET clients/{id}/timeline/` (API.md, "Added in v1.1"): the child's timeline, newest first, cursor-paged.

Whoever may open the child's record reads its timeline (another county's child is a 404); the read is
recorded as an access event for the child.
"""

from collections import OrderedDict
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, pagination, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from accounts.access import access_record
from kernel.acting import acting
from kernel.pagination import INVALID_CURSOR
from referrals.models import Client
from referrals.selectors import client_get

from .selectors import Position, TimelinePage, requested_kinds, timeline_page, unknown_kinds
from .sources import KIND_CHOICES, KINDS, SOURCES

KIND_HELP = "Only these kinds (comma-separated, or the parameter repeated): " + ", ".join(
    f"`{source.kind}` ({source.label.lower()})" for source in SOURCES
)


class TimelineEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KIND_CHOICES)
    at = serializers.DateTimeField(
        help_text="When it happened (a record dated by day only: the start of that day in the county's zone; a "
        "correction: when it was made)."
    )
    summary = serializers.CharField(help_text="What happened, in one line.")
    record_type = serializers.CharField(help_text="The record's type, as the audit export names it.")
    record_id = serializers.UUIDField(help_text="The record's id (for a correction: the corrected record's).")
    url = serializers.CharField(help_text="The page that shows the record (its path on this server).")
    entered_in_error = serializers.BooleanField(help_text="The record is marked entered in error.")


class TimelinePagination(pagination.CursorPagination):
    """The list shape and cursor of every other list; the page itself is cut by the timeline's selector."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-at"

    def read(self, request: Request, client: Client, kinds: list[str]) -> TimelinePage:
        self.request = request
        self.page_url = request.build_absolute_uri()
        raw = request.query_params.get(self.cursor_query_param)
        position, backwards = None, False
        if raw:
            try:
                position, backwards = Position.from_cursor(raw)
            except ValueError as exc:
                raise exceptions.NotFound(INVALID_CURSOR) from exc
        size = self.get_page_size(request) or self.page_size
        self.timeline = timeline_page(client, kinds=kinds, position=position, backwards=backwards, size=size)
        return self.timeline

    def link(self, position: Position, backwards: bool) -> str:
        return replace_query_param(self.page_url, self.cursor_query_param, position.cursor(backwards))

    def get_next_link(self) -> str | None:
        older = self.timeline.older
        return self.link(older, backwards=False) if older else None

    def get_previous_link(self) -> str | None:
        page = self.timeline
        if page.newer is not None:
            return self.link(page.newer, backwards=True)
        if not page.first and not page.entries:
            return remove_query_param(self.page_url, self.cursor_query_param)
        return None

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            OrderedDict(
                [("next", self.get_next_link()), ("previous", self.get_previous_link()), ("results", data)]
            )
        )


class ClientTimelineView(GenericAPIView):
    """Everything that happened on the child's record, newest first."""

    serializer_class = TimelineEntrySerializer
    pagination_class = TimelinePagination

    @extend_schema(
        operation_id="client_timeline_list",
        description="One chronological view of the child's record: referrals, contacts, allegations and findings, "
        "screenings, CSEC rows, missing episodes with locate attempts and reconfirmations, reports, case-plan "
        "services and CFT meetings, dependency petitions, case notes, and corrections (a record corrected or marked entered in error). "
        "Newest first; entries of one instant by kind, then by record. Each entry names its record and the page "
        "that shows it. A cursor not made here is a 404.",
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, description=KIND_HELP, required=False),
        ],
        responses={
            200: TimelineEntrySerializer(many=True),
            400: OpenApiResponse(description="`kind` names a kind the timeline does not have."),
            404: OpenApiResponse(
                description="No such child in the caller's county, or a cursor not made here."
            ),
        },
    )
    def get(self, request: Request, pk: str) -> Response:
        client = client_get(acting(request), pk)
        kinds = requested_kinds(request.query_params.getlist("kind"))
        if unknown := unknown_kinds(kinds):
            raise exceptions.ValidationError(
                {
                    "kind": [
                        f"{', '.join(map(repr, unknown))}: not a kind of entry; one of: {', '.join(KINDS)}."
                    ]
                }
            )
        access_record(request, client, via="api")
        paginator = self.paginator
        assert isinstance(paginator, TimelinePagination)
        page = paginator.read(request, client, kinds)
        data = TimelineEntrySerializer(page.entries, many=True).data
        return paginator.get_paginated_response(data)
