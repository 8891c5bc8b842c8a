"""The audit export's API: `GET audit/export/` streams a range that fits one request; `POST audit/exports/` runs a
larger one as a job, `GET audit/exports/{id}/` reports its progress and `GET audit/exports/{id}/file/` downloads
it once done. County admins only."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kernel.acting import acting, valid
from kernel.pagination import CursorPagination

from .audit import ACTION_CHOICES
from .audit_jobs import (
    ONLY_ADMINS,
    ExportRequest,
    audit_export_get,
    audit_export_request,
    audit_exports_of,
    checked_request,
    download_name,
    export_file,
    export_stream,
    rows_in,
    sync_limit,
)
from .models import AuditExport, AuditExportStatus, Role
from .services import audit_window_check

NOT_ADMIN = OpenApiResponse(description="The caller is not a county admin.")
NOT_FOUND = OpenApiResponse(description="No export of the caller's county has this id.")
BAD_INPUT = OpenApiResponse(description="Bad days or filters: the fields named, with their messages.")


class IsCountyAdmin(BasePermission):
    message = ONLY_ADMINS

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.COUNTY_ADMIN)


class AuditExportQuery(serializers.Serializer[Any]):
    since = serializers.DateField(help_text="The first day, in the county's zone.")
    until = serializers.DateField(help_text="The last day (included), in the county's zone.")
    user = serializers.UUIDField(required=False, allow_null=True, help_text="Only this user's rows (an id).")
    record_type = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Only this record type, e.g. referrals.client.",
    )
    action = serializers.ChoiceField(choices=ACTION_CHOICES, required=False, allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        audit_window_check(attrs["since"], attrs["until"])
        return attrs


def wanted_of(data: dict[str, Any]) -> ExportRequest:
    return ExportRequest(
        since=data["since"],
        until=data["until"],
        user=data.get("user"),
        record_type=data.get("record_type") or "",
        action=data.get("action") or "",
    )


class AuditExportSerializer(serializers.Serializer[AuditExport]):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AuditExportStatus.choices)
    since = serializers.DateField()
    until = serializers.DateField()
    user = serializers.UUIDField(source="user_id", allow_null=True)
    record_type = serializers.CharField()
    action = serializers.CharField()
    rows_estimated = serializers.IntegerField(
        help_text="The rows the range held when the export was asked for."
    )
    rows_written = serializers.IntegerField(help_text="The rows written so far; all of them once done.")
    size_bytes = serializers.IntegerField()
    checksum = serializers.CharField(help_text="SHA-256 of the whole file (hex), once done.")
    file_name = serializers.SerializerMethodField()
    requested_by = serializers.CharField(source="requested_by.username")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    error = serializers.CharField()
    download = serializers.SerializerMethodField(help_text="Where to download the file; null until done.")

    def get_file_name(self, export: AuditExport) -> str:
        return download_name(export)

    def get_download(self, export: AuditExport) -> str | None:
        if export.status != AuditExportStatus.DONE or export.streamed:
            return None
        path = reverse("api:audit-export-file", args=[export.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class AuditExportView(APIView):
    """The county's audit history as CSV, streamed: every change and every read of a child's record. A range
    holding more rows than one request may write (a setting, default 200,000) answers 409 pointing to the job."""

    permission_classes = (IsAuthenticated, IsCountyAdmin)

    @extend_schema(
        parameters=[AuditExportQuery],
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            400: BAD_INPUT,
            403: NOT_ADMIN,
            409: inline_serializer(
                "AuditExportTooLarge",
                {"detail": serializers.CharField(), "export_job": serializers.URLField()},
            ),
        },
    )
    def get(self, request: Request) -> HttpResponseBase:
        query = AuditExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        admin = acting(request)
        wanted = wanted_of(query.validated_data)
        checked, _ = checked_request(admin, wanted)
        if rows_in(checked, sync_limit()) > sync_limit():
            return Response(
                {
                    "detail": f"This range holds more than {sync_limit():,} rows, more than one request can "
                    "write: ask for it as an export job, which writes the file and tells when it is done.",
                    "export_job": request.build_absolute_uri(reverse("api:audit-exports")),
                },
                status=status.HTTP_409_CONFLICT,
            )
        export = audit_export_request(admin=admin, wanted=wanted, streamed=True)
        response = StreamingHttpResponse(export_stream(export), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{download_name(export)}"'
        return response


class ExportPagination(CursorPagination):
    ordering = ("-created_at", "-id")


class AuditExportsView(ListAPIView):
    """The county's audit exports (GET, newest first), and a new one run as a job (POST)."""

    permission_classes = (IsAuthenticated, IsCountyAdmin)
    serializer_class = AuditExportSerializer
    pagination_class = ExportPagination

    def get_queryset(self) -> QuerySet[AuditExport]:
        return audit_exports_of(acting(self.request))

    @extend_schema(responses={200: AuditExportSerializer(many=True), 403: NOT_ADMIN})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=AuditExportQuery,
        responses={202: AuditExportSerializer, 400: BAD_INPUT, 403: NOT_ADMIN},
    )
    def post(self, request: Request) -> Response:
        data = valid(AuditExportQuery, request)
        export = audit_export_request(admin=acting(request), wanted=wanted_of(data))
        body = AuditExportSerializer(export, context={"request": request}).data
        return Response(body, status=status.HTTP_202_ACCEPTED)


class AuditExportJobView(APIView):
    permission_classes = (IsAuthenticated, IsCountyAdmin)

    @extend_schema(responses={200: AuditExportSerializer, 403: NOT_ADMIN, 404: NOT_FOUND})
    def get(self, request: Request, pk: str) -> Response:
        export = audit_export_get(acting(request), pk)
        return Response(AuditExportSerializer(export, context={"request": request}).data)


class AuditExportFileView(APIView):
    """The finished export's CSV; its last line states that it is complete and its row count."""

    permission_classes = (IsAuthenticated, IsCountyAdmin)

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiTypes.STR,
            403: NOT_ADMIN,
            404: NOT_FOUND,
            409: OpenApiResponse(description="Not done yet (or failed): nothing to download."),
        }
    )
    def get(self, request: Request, pk: str) -> HttpResponseBase:
        export = audit_export_get(acting(request), pk)
        if export.status != AuditExportStatus.DONE or not export.file_name:
            detail = (
                f"The export failed: {export.error}"
                if export.status == AuditExportStatus.FAILED
                else "The export is not done yet: its file is offered once the last row is written."
            )
            return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
        response = FileResponse(
            export_file(export), as_attachment=True, filename=download_name(export), content_type="text/csv"
        )
        response["X-Row-Count"] = str(export.rows_written)
        response["X-Checksum-SHA256"] = export.checksum
        return response
