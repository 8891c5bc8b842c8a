"""`GET /api/v1/reports/{id}/print/?format=html|pdf` (API.md, "Added in v1.1"): the printable packet of a report.

Here `format` names the packet's format, not one of the API's renderers: the packet is answered as it is (an HTML
document, or a PDF to download), and only an error is answered in JSON. Reading a packet is reading the report:
another county's is a 404, and the child's record is logged as read."""

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.access import access_record_many
from kernel.acting import acting

from . import selectors
from .packets import packet_of
from .printing import FORMATS, HTML, packet_response


class PacketQuery(serializers.Serializer[Any]):
    format = serializers.ChoiceField(
        choices=FORMATS,
        default=HTML,
        help_text="`html` (the default): the document; `pdf`: a PDF to download.",
    )


class ReportPrintView(APIView):
    renderer_classes = [JSONRenderer]  # for errors; the packet itself is answered as it is

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        renderer = JSONRenderer()
        return renderer, renderer.media_type

    @extend_schema(
        parameters=[PacketQuery],
        responses={
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
            400: OpenApiResponse(description="`format` is neither `html` nor `pdf`."),
            404: OpenApiResponse(description="No such report in the caller's county."),
        },
        description="The printable packet of the report: the child's identifying facts with a box for a photo, "
        "the report, the missing episode, what was reported, who reported it, the county's contact, when it was "
        "made or falls due, and for NCMEC the check of what the form needs.",
    )
    def get(self, request: Request, pk: str) -> HttpResponse:
        query = PacketQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = acting(request)
        report = selectors.report_get(user, pk)
        access_record_many(request, [report.client, report], via="api")
        return packet_response(packet_of(report, user), query.validated_data["format"])
