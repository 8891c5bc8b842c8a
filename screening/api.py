"""Screenings under /api/v1/ (API.md): thin adapters over `screening.services` and `screening.selectors`."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import RecordsPageAccess, access_record
from accounts.selectors import scoped_get
from kernel.acting import acting, valid
from kernel.api import in_county
from referrals import selectors as case_selectors
from referrals.correction_api import VOID_DESCRIPTION, amend_responses
from referrals.models import MissingEpisode
from referrals.serializers import CsecRowSerializer, VoidInput

from . import selectors, services
from .serializers import RuleSerializer, ScreeningCorrectionInput, ScreeningInput, ScreeningSerializer


class ScreeningListView(RecordsPageAccess, GenericAPIView):
    serializer_class = ScreeningSerializer

    @extend_schema(
        operation_id="screenings_list",
        parameters=[OpenApiParameter("client", OpenApiTypes.UUID, description="one child's screenings")],
        responses=ScreeningSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        screenings = selectors.screenings_visible(acting(request))
        client_id = request.query_params.get("client")
        if client_id:
            client = in_county("client", lambda: case_selectors.client_get(acting(request), client_id))
            screenings = screenings.filter(client=client)
        page = self.paginate_queryset(screenings.order_by("-created_at"))
        return self.get_paginated_response(ScreeningSerializer(page, many=True).data)

    @extend_schema(request=ScreeningInput, responses={201: ScreeningSerializer})
    def post(self, request: Request) -> Response:
        data = valid(ScreeningInput, request)
        user = acting(request)
        client = in_county("client", lambda: case_selectors.client_get(user, data.pop("client")))
        referral_id = data.pop("referral")
        episode_id = data.pop("missing_episode")
        referral = (
            in_county("referral", lambda: case_selectors.referral_get(user, referral_id))
            if referral_id
            else None
        )
        episode = (
            in_county(
                "missing_episode", lambda: scoped_get(MissingEpisode.objects.all(), user, pk=episode_id)
            )
            if episode_id
            else None
        )
        screening = services.screening_record(
            user=user,
            client=client,
            referral=referral,
            missing_episode=episode,
            **data,
        )
        return Response(ScreeningSerializer(screening).data, status=status.HTTP_201_CREATED)


class ScreeningDetailView(GenericAPIView):
    serializer_class = ScreeningSerializer

    def get(self, request: Request, pk: str) -> Response:
        screening = selectors.screening_get(acting(request), pk)
        access_record(request, screening, via="api")
        return Response(ScreeningSerializer(screening).data)

    @extend_schema(
        request=ScreeningCorrectionInput,
        responses=amend_responses(ScreeningSerializer),
        description="Correct the screening: the fields to change and a `reason`. Changed indicators are assessed "
        "again by the rule in force; history keeps both versions.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        screening = selectors.screening_get(acting(request), pk)
        data = valid(ScreeningCorrectionInput, request)
        screening = services.screening_correct(user=acting(request), screening=screening, **data)
        return Response(ScreeningSerializer(screening).data)


class ScreeningVoidView(GenericAPIView):
    serializer_class = ScreeningSerializer

    @extend_schema(
        request=VoidInput, responses=amend_responses(ScreeningSerializer), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        screening = selectors.screening_get(acting(request), pk)
        data = valid(VoidInput, request)
        screening = services.screening_void(user=acting(request), screening=screening, **data)
        return Response(ScreeningSerializer(screening).data)


class ScreeningDocumentAtRiskView(GenericAPIView):
    """The worker confirms a positive screening: document the child's At Risk CSEC type from it."""

    serializer_class = CsecRowSerializer

    @extend_schema(request=None, responses={201: CsecRowSerializer})
    def post(self, request: Request, pk: str) -> Response:
        screening = selectors.screening_get(acting(request), pk)
        row = services.screening_document_at_risk(user=acting(request), screening=screening)
        return Response(CsecRowSerializer(row).data, status=status.HTTP_201_CREATED)


class ScreeningRuleView(GenericAPIView):
    """The indicator catalogue and the version of the rule in force."""

    serializer_class = RuleSerializer
    pagination_class = None

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        return Response(RuleSerializer().to_representation(None))
