"""Case plans under /api/v1/: thin adapters over `caseplans.services` and `caseplans.selectors`."""

from typing import Any, cast

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import access_record, access_record_many
from kernel.acting import acting, valid
from kernel.pagination import CursorPagination
from referrals import selectors as case_selectors
from referrals.models import Client

from . import selectors, services
from .catalogue import catalogue
from .serializers import (
    CasePlanInput,
    CasePlanSerializer,
    CaseplanSettingsSerializer,
    CatalogueEntrySerializer,
    CftMeetingInput,
    CftMeetingSerializer,
    PlanFlagSerializer,
    PlannedServiceSerializer,
    ServiceInput,
    ServicePatch,
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
        plan = selectors.case_plan_of(client)
        access_record(request, client, via="api")
        if plan is None:
            return Response({"detail": "This child has no case plan yet."}, status=status.HTTP_404_NOT_FOUND)
        return Response(CasePlanSerializer(plan).data)

    def write(self, request: Request, client_id: str) -> Response:
        user = acting(request)
        client = case_selectors.client_get(user, client_id)
        existed = selectors.case_plan_of(client) is not None
        services.case_plan_save(user=user, client=client, **valid(CasePlanInput, request))
        plan = selectors.case_plan_of(client)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(CasePlanSerializer(plan).data, status=code)

    @extend_schema(request=CasePlanInput, responses={200: CasePlanSerializer, 201: CasePlanSerializer})
    def put(self, request: Request, client_id: str) -> Response:
        return self.write(request, client_id)

    @extend_schema(request=CasePlanInput, responses={200: CasePlanSerializer, 201: CasePlanSerializer})
    def post(self, request: Request, client_id: str) -> Response:
        return self.write(request, client_id)


class CasePlanDetailView(GenericAPIView):
    serializer_class = CasePlanSerializer

    def get(self, request: Request, pk: str) -> Response:
        plan = selectors.case_plan_get(acting(request), pk)
        access_record(request, plan, via="api")
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
        service = services.service_add(user=user, plan=plan, **valid(ServiceInput, request))
        return Response(PlannedServiceSerializer(service).data, status=status.HTTP_201_CREATED)


class ServiceDetailView(GenericAPIView):
    serializer_class = PlannedServiceSerializer

    def get(self, request: Request, pk: str) -> Response:
        service = selectors.service_get(acting(request), pk)
        access_record(request, service, via="api")
        return Response(PlannedServiceSerializer(service).data)

    @extend_schema(request=ServicePatch, responses={200: PlannedServiceSerializer})
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        service = selectors.service_get(user, pk)
        changes = valid(ServicePatch, request, partial=True)
        service = services.service_update(user=user, service=service, **changes)
        return Response(PlannedServiceSerializer(service).data)


class CasePlanCftMeetingsView(GenericAPIView):
    serializer_class = CftMeetingSerializer

    def get(self, request: Request, pk: str) -> Response:
        plan = selectors.case_plan_get(acting(request), pk)
        access_record(request, plan, via="api")
        page = self.paginate_queryset(plan.cft_meetings.all())
        return self.get_paginated_response(CftMeetingSerializer(page, many=True).data)

    @extend_schema(request=CftMeetingInput, responses={201: CftMeetingSerializer})
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        plan = selectors.case_plan_get(user, pk)
        meeting = services.cft_meeting_add(user=user, plan=plan, **valid(CftMeetingInput, request))
        return Response(CftMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


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
        # Whether a child is flagged is worked out in Python (open rows, the plan, its services); the cursor
        # then pages the flagged children like any other list.
        flags = {flag.client.pk: flag for flag in selectors.flagged_clients(user)}
        page = self.paginate_queryset(Client.objects.filter(pk__in=flags).only("pk", "created_at"))
        shown = [flags[client.pk] for client in page or []]
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
