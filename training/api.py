"""Training under /api/v1/training/: courses, completions and compliance (JSON or CSV)."""

from django.http import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.acting import acting, valid
from kernel.api import in_county

from . import selectors, services
from .csv_export import compliance_csv_response
from .serializers import (
    CompletionInput,
    CompletionSerializer,
    CourseInput,
    CoursePatch,
    CourseSerializer,
    WorkerTrainingSerializer,
)


class CourseListView(GenericAPIView):
    serializer_class = CourseSerializer

    @extend_schema(operation_id="training_courses_list", responses=CourseSerializer(many=True))
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.courses_visible(acting(request)))
        return self.get_paginated_response(CourseSerializer(page, many=True).data)

    @extend_schema(request=CourseInput, responses={201: CourseSerializer})
    def post(self, request: Request) -> Response:
        course = services.course_create(user=acting(request), **valid(CourseInput, request))
        return Response(CourseSerializer(course).data, status=status.HTTP_201_CREATED)


class CourseDetailView(GenericAPIView):
    serializer_class = CourseSerializer

    def get(self, request: Request, pk: str) -> Response:
        return Response(CourseSerializer(selectors.course_get(acting(request), pk)).data)

    @extend_schema(request=CoursePatch, responses={200: CourseSerializer})
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        course = selectors.course_get(user, pk)
        course = services.course_update(user=user, course=course, **valid(CoursePatch, request, partial=True))
        return Response(CourseSerializer(course).data)


class CompletionListView(GenericAPIView):
    """Completions the caller may see: their own; a supervisor's unit; the county for an admin."""

    serializer_class = CompletionSerializer

    @extend_schema(
        parameters=[OpenApiParameter("worker", OpenApiTypes.UUID, description="one worker's")],
        responses=CompletionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = acting(request)
        completions = selectors.completions_visible(user)
        worker_id = request.query_params.get("worker")
        if worker_id:
            worker = in_county("worker", lambda: selectors.worker_get(user, worker_id))
            completions = completions.filter(worker=worker)
        page = self.paginate_queryset(completions)
        return self.get_paginated_response(CompletionSerializer(page, many=True).data)

    @extend_schema(request=CompletionInput, responses={201: CompletionSerializer})
    def post(self, request: Request) -> Response:
        user = acting(request)
        data = valid(CompletionInput, request)
        course = in_county("course", lambda: selectors.course_get(user, data["course"]))
        worker = (
            in_county("worker", lambda: selectors.worker_get(user, data["worker"]))
            if data["worker"]
            else user
        )
        completion = services.completion_record(
            user=user, worker=worker, course=course, completed_on=data["completed_on"]
        )
        return Response(CompletionSerializer(completion).data, status=status.HTTP_201_CREATED)


class ComplianceView(GenericAPIView):
    """Each worker in view (a supervisor's unit, or the county for an admin) with their required courses."""

    serializer_class = WorkerTrainingSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "lacking", OpenApiTypes.BOOL, description="only workers who lack required training"
            )
        ],
        responses={200: WorkerTrainingSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        user = acting(request)
        services.require_overseer(user)
        rows = selectors.compliance(user)
        if request.query_params.get("lacking") in ("true", "1"):
            rows = [row for row in rows if not row.complete]
        return Response(WorkerTrainingSerializer(rows, many=True).data)


class ComplianceCsvView(GenericAPIView):
    """The same, as a streamed CSV download: one row per worker and required course."""

    pagination_class = None

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV")})
    def get(self, request: Request) -> HttpResponseBase:
        user = acting(request)
        services.require_overseer(user)
        return compliance_csv_response(user)


class OwnTrainingView(GenericAPIView):
    """The caller's own required courses and completions."""

    serializer_class = WorkerTrainingSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        row = selectors.own_training(acting(request))
        if row is None:
            return Response(
                {"detail": "No training is required of your role."}, status=status.HTTP_404_NOT_FOUND
            )
        return Response(WorkerTrainingSerializer(row).data)
