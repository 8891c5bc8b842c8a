"""Case plans under /api/v1/: thin adapters over `caseplans.services` and `caseplans.selectors`."""

from typing import Any, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import access_record, access_record_many
from kernel.acting import acting, valid
from kernel.county_time import county_today
from kernel.pagination import CursorPagination
from referrals import selectors as case_selectors

from . import selectors, services
from .catalogue import catalogue
from .serializers import (
    CasePlanInput,
    CasePlanPatch,
    CasePlanSerializer,
    CaseplanSettingsSerializer,
    CaseplanVoidInput,
    CatalogueEntrySerializer,
    CftMeetingInput,
    CftMeetingPatch,
    CftMeetingSerializer,
    PlanFlagSerializer,
    PlannedServiceSerializer,
    ServiceInput,
    ServicePatch,
)

BAD_INPUT = OpenApiResponse(
    description="A field breaks a rule (`{field: [messages]}`), or the entry is marked entered in error "
    "(`non_field_errors`): nothing is saved."
)
NOT_A_WRITER = OpenApiResponse(
    description="The caller's role does not write case records (a county admin reads them only)."
)
NOT_FOUND = OpenApiResponse(description="No such record in the caller's county.")
WRITE_ERRORS = {400: BAD_INPUT, 403: NOT_A_WRITER, 404: NOT_FOUND}
VOIDED = (
    "Marking an entry entered in error keeps it (listed, struck through, with who, when and why) and leaves it "
    "out of everything computed from the plan; it then takes no change (400). `reason` is required."
)

WRITE_DESCRIPTION = (
    "Create the child's plan (201), or change it (200) with an optional `reason` that history keeps. A plan "
    "entered in error counts as none: writing creates the plan again on the same record (201), history keeping "
    "the plan entered in error."
)


class ServiceCatalogueView(GenericAPIView):
    """The services of ACL 16-85 part III (DOMAIN.md §7): victim services and at-risk services."""

    serializer_class = CatalogueEntrySerializer
    pagination_class = None

    @extend_schema(responses={200: CatalogueEntrySerializer(many=True)})
    def get(self, request: Request) -> Response:
        return Response(catalogue())


class ClientCasePlanView(GenericAPIView):
    """The child's one case plan: read it, create it (POST) or change it (PUT)."""

    serializer_class = CasePlanSerializer

    def get(self, request: Request, client_id: str) -> Response:
        client = case_selectors.client_get(acting(request), client_id)
        row = selectors.case_plan_of(client)
        access_record(request, client, via="api")
        plan = selectors.live_plan(row)
        if plan is None:
            detail = "This child has no case plan yet."
            if row is not None:
                detail = (
                    f"This child has no case plan: the last one (case-plans/{row.pk}/) was entered in error."
                )
            return Response({"detail": detail}, status=status.HTTP_404_NOT_FOUND)
        return Response(CasePlanSerializer(plan).data)

    def write(self, request: Request, client_id: str) -> Response:
        user = acting(request)
        client = case_selectors.client_get(user, client_id)
        # A 403 before any 400: the input of one who may not write is not read.
        services.require_plan_writer(user)
        existed = selectors.live_plan(selectors.case_plan_of(client)) is not None
        services.case_plan_save(user=user, client=client, **valid(CasePlanInput, request))
        plan = selectors.case_plan_of(client)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(CasePlanSerializer(plan).data, status=code)

    @extend_schema(
        description=WRITE_DESCRIPTION,
        request=CasePlanInput,
        responses={200: CasePlanSerializer, 201: CasePlanSerializer, **WRITE_ERRORS},
    )
    def put(self, request: Request, client_id: str) -> Response:
        return self.write(request, client_id)

    @extend_schema(
        description=WRITE_DESCRIPTION,
        request=CasePlanInput,
        responses={200: CasePlanSerializer, 201: CasePlanSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, client_id: str) -> Response:
        return self.write(request, client_id)


class CasePlanDetailView(GenericAPIView):
    serializer_class = CasePlanSerializer

    def get(self, request: Request, pk: str) -> Response:
        plan = selectors.case_plan_get(acting(request), pk)
        access_record(request, plan, via="api")
        return Response(CasePlanSerializer(selectors.case_plan_of(plan.client)).data)

    @extend_schema(
        description="Correct the plan's assessment date, goal or statement; `reason` (optional) goes into "
        "history beside both versions. A plan entered in error takes no change (400).",
        request=CasePlanPatch,
        responses={200: CasePlanSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        plan = selectors.case_plan_get(user, pk)
        services.require_plan_writer(user)
        services.case_plan_change(user=user, plan=plan, **valid(CasePlanPatch, request, partial=True))
        return Response(CasePlanSerializer(selectors.case_plan_of(plan.client)).data)


class CasePlanVoidView(GenericAPIView):
    serializer_class = CasePlanSerializer

    @extend_schema(
        description=f"{VOIDED} The plan's services and meetings are marked with it, and its child counts as "
        "having no plan (the flag, `GET clients/{id}/case-plan/`) until one is created again.",
        request=CaseplanVoidInput,
        responses={200: CasePlanSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        plan = selectors.case_plan_get(user, pk)
        services.require_plan_writer(user)
        services.case_plan_void(user=user, plan=plan, **valid(CaseplanVoidInput, request))
        return Response(CasePlanSerializer(selectors.case_plan_of(plan.client)).data)


class CasePlanServicesView(GenericAPIView):
    serializer_class = PlannedServiceSerializer

    def get(self, request: Request, pk: str) -> Response:
        plan = selectors.case_plan_get(acting(request), pk)
        access_record(request, plan, via="api")
        page = self.paginate_queryset(plan.services.all())
        return self.get_paginated_response(PlannedServiceSerializer(page, many=True).data)

    @extend_schema(request=ServiceInput, responses={201: PlannedServiceSerializer})
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        plan = selectors.case_plan_get(user, pk)
        services.require_plan_writer(user)
        service = services.service_add(user=user, plan=plan, **valid(ServiceInput, request))
        return Response(PlannedServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailView(GenericAPIView):
    serializer_class = PlannedServiceSerializer

    def get(self, request: Request, pk: str) -> Response:
        service = selectors.service_get(acting(request), pk)
        access_record(request, service, via="api")
        return Response(PlannedServiceSerializer(service).data)

    @extend_schema(
        description="Change the service (its status and dates as it moves on) or correct it; `reason` "
        "(optional) goes into history beside both versions. A service entered in error takes no change (400).",
        request=ServicePatch,
        responses={200: PlannedServiceSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        service = selectors.service_get(user, pk)
        services.require_plan_writer(user)
        changes = valid(ServicePatch, request, partial=True)
        service = services.service_update(user=user, service=service, **changes)
        return Response(PlannedServiceSerializer(service).data)


class ServiceVoidView(GenericAPIView):
    serializer_class = PlannedServiceSerializer

    @extend_schema(
        description=f"{VOIDED} It no longer counts as the plan's CSE service.",
        request=CaseplanVoidInput,
        responses={200: PlannedServiceSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        service = selectors.service_get(user, pk)
        services.require_plan_writer(user)
        service = services.service_void(user=user, service=service, **valid(CaseplanVoidInput, request))
        return Response(PlannedServiceSerializer(service).data)


class CasePlanCftMeetingsView(GenericAPIView):
    serializer_class = CftMeetingSerializer

    def get(self, request: Request, pk: str) -> Response:
        plan = selectors.case_plan_get(acting(request), pk)
        access_record(request, plan, via="api")
        page = self.paginate_queryset(plan.cft_meetings.all())
        return self.get_paginated_response(CftMeetingSerializer(page, many=True).data)

    @extend_schema(
        description="Record a meeting. One held longer ago than the county's late-entry window needs "
        "`late_entry_reason` (400 on `held_on` without it).",
        request=CftMeetingInput,
        responses={201: CftMeetingSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        plan = selectors.case_plan_get(user, pk)
        services.require_plan_writer(user)
        meeting = services.cft_meeting_add(user=user, plan=plan, **valid(CftMeetingInput, request))
        return Response(CftMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


class CftMeetingDetailView(GenericAPIView):
    serializer_class = CftMeetingSerializer

    def get(self, request: Request, pk: str) -> Response:
        meeting = selectors.cft_meeting_get(acting(request), pk)
        access_record(request, meeting, via="api")
        return Response(CftMeetingSerializer(meeting).data)

    @extend_schema(
        description="Correct the meeting's fields under the rules of its recording; `reason` is required and "
        "history keeps it beside both versions. Changing `held_on` or `late_entry_reason` judges the late-entry "
        "window again, counted to the day the meeting was first recorded. A meeting entered in error, or a "
        "correction that changes nothing, is a 400.",
        request=CftMeetingPatch,
        responses={200: CftMeetingSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        meeting = selectors.cft_meeting_get(user, pk)
        services.require_plan_writer(user)
        # Not partial: every field but `reason` is optional already, and `reason` must be given.
        changes = valid(CftMeetingPatch, request)
        meeting = services.cft_meeting_update(user=user, meeting=meeting, **changes)
        return Response(CftMeetingSerializer(meeting).data)


class CftMeetingVoidView(GenericAPIView):
    serializer_class = CftMeetingSerializer

    @extend_schema(
        request=CaseplanVoidInput, description=VOIDED, responses={200: CftMeetingSerializer, **WRITE_ERRORS}
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        meeting = selectors.cft_meeting_get(user, pk)
        services.require_plan_writer(user)
        meeting = services.cft_meeting_void(user=user, meeting=meeting, **valid(CaseplanVoidInput, request))
        return Response(CftMeetingSerializer(meeting).data)


class FlagsPagination(CursorPagination):
    """The cursor pages of the other lists (newest child record first), with the county's days alongside."""

    due_days: int | None = None

    def get_paginated_response(self, data: Any) -> Response:
        response = super().get_paginated_response(data)
        response.data["due_days"] = self.due_days
        return response

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["due_days"] = {
            "type": "integer",
            "description": "The county's days after identification by which a plan with a CSE service is due.",
        }
        answer["required"] = [*answer.get("required", []), "due_days"]
        return answer


class CasePlanFlagsView(GenericAPIView):
    """Identified children whose case plan (or the CSE service in it) is overdue: a worker's caseload, a
    supervisor's unit (and their own cases), the county for a county admin, as on the flags page. Each child
    on the page answered leaves an access event."""

    serializer_class = PlanFlagSerializer
    pagination_class = FlagsPagination

    @extend_schema(operation_id="case_plan_flags_list", responses=PlanFlagSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = acting(request)
        if user.county is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        # The cursor pages the flagged children like any other list; why each child on the page is flagged is
        # then read for that page alone.
        today = county_today(user.county)
        page = self.paginate_queryset(selectors.flagged_children(user, today).only("pk", "created_at"))
        shown = selectors.flags_of(user, page or [], today)
        access_record_many(request, [flag.client for flag in shown], via="api")
        cast(FlagsPagination, self.paginator).due_days = selectors.plan_due_days(user.county)
        return self.get_paginated_response(PlanFlagSerializer(shown, many=True).data)


class CaseplanSettingsView(GenericAPIView):
    """The caller's county protocol: days after identification by which a plan with a CSE service is due."""

    serializer_class = CaseplanSettingsSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        user = acting(request)
        if user.county is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        return Response({"plan_due_days": selectors.plan_due_days(user.county)})

    @extend_schema(request=CaseplanSettingsSerializer, responses={200: CaseplanSettingsSerializer})
    def put(self, request: Request) -> Response:
        user = acting(request)
        if user.county is None:
            return Response({"detail": "Not found."}, status=status.HTTP_404_NOT_FOUND)
        days = valid(CaseplanSettingsSerializer, request)["plan_due_days"]
        saved = services.plan_due_days_set(user=user, county=user.county, days=days)
        return Response({"plan_due_days": saved.plan_due_days})
