"""The case record under /api/v1/ (API.md): thin adapters over `referrals.services` and `referrals.selectors`."""

from datetime import date

from django.db import models
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import RecordsPageAccess, access_record
from accounts.models import User
from accounts.selectors import RecordId, scoped_get
from kernel.acting import acting, valid

from . import selectors, services
from .correction_api import amend_responses
from .models import Client
from .serializers import (
    AllegationChangeInput,
    AllegationInput,
    AllegationSerializer,
    ClientInput,
    ClientSerializer,
    ContactInput,
    ContactSerializer,
    CsecRowChangeInput,
    CsecRowInput,
    CsecRowSerializer,
    ReferralChangeInput,
    ReferralDetailSerializer,
    ReferralInput,
    ReferralSerializer,
    ResponseDecisionInput,
)


def client_in_county(user: User, client_id: RecordId, field: str = "client") -> Client:
    try:
        return selectors.client_get(user, client_id)
    except Http404 as exc:
        raise serializers.ValidationError({field: ["Unknown client."]}) from exc


def worker_in_county(user: User, worker_id: RecordId | None) -> User | None:
    if worker_id is None:
        return None
    try:
        return scoped_get(User.objects.all(), user, pk=worker_id)
    except Http404 as exc:
        raise serializers.ValidationError({"assigned_worker": ["Unknown worker."]}) from exc


def day_param(request: Request) -> date | None:
    raw = request.query_params.get("on")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise serializers.ValidationError({"on": ["Give a date as YYYY-MM-DD."]}) from exc


class ClientListView(RecordsPageAccess, GenericAPIView):
    serializer_class = ClientSerializer

    def get_queryset(self) -> models.QuerySet[Client]:
        dob = self.request.query_params.get("date_of_birth")
        try:
            born = date.fromisoformat(dob) if dob else None
        except ValueError as exc:
            raise serializers.ValidationError({"date_of_birth": ["Give a date as YYYY-MM-DD."]}) from exc
        return selectors.client_search(acting(self.request), self.request.query_params.get("q", ""), born)

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="words of the name"),
            OpenApiParameter("date_of_birth", OpenApiTypes.DATE),
        ],
        operation_id="clients_list",
        responses=ClientSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        clients = self.get_queryset().prefetch_related("csec_rows").order_by("-created_at")
        page = self.paginate_queryset(clients)
        return self.get_paginated_response(ClientSerializer(page, many=True).data)

    @extend_schema(request=ClientInput, responses={201: ClientSerializer})
    def post(self, request: Request) -> Response:
        data = valid(ClientInput, request)
        data["assigned_worker"] = worker_in_county(acting(request), data.get("assigned_worker"))
        client = services.client_create(user=acting(request), **data)
        return Response(ClientSerializer(client).data, status=status.HTTP_201_CREATED)


class ClientDetailView(GenericAPIView):
    serializer_class = ClientSerializer

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="day of the CWS category")]
    )
    def get(self, request: Request, pk: str) -> Response:
        client = selectors.client_get(acting(request), pk)
        access_record(request, client, via="api")
        return Response(ClientSerializer(client, context={"on": day_param(request)}).data)

    @extend_schema(request=ClientInput(partial=True), responses={200: ClientSerializer})
    def patch(self, request: Request, pk: str) -> Response:
        client = selectors.client_get(acting(request), pk)
        data = valid(ClientInput, request, partial=True)
        if "assigned_worker" in data:
            # None assigns the caller, as the service does with no worker.
            data["assigned_worker"] = worker_in_county(acting(request), data["assigned_worker"])
        client = services.client_update(user=acting(request), client=client, **data)
        return Response(ClientSerializer(client).data)


class ClientCsecRowsView(GenericAPIView):
    serializer_class = CsecRowSerializer

    @extend_schema(responses=CsecRowSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        client = selectors.client_get(acting(request), pk)
        access_record(request, client, via="api")
        page = self.paginate_queryset(client.csec_rows.order_by("-created_at"))
        return self.get_paginated_response(CsecRowSerializer(page, many=True).data)

    @extend_schema(request=CsecRowInput, responses={201: CsecRowSerializer})
    def post(self, request: Request, pk: str) -> Response:
        client = selectors.client_get(acting(request), pk)
        data = valid(CsecRowInput, request)
        row = services.csec_row_document(user=acting(request), client=client, **data)
        return Response(CsecRowSerializer(row).data, status=status.HTTP_201_CREATED)


class CsecRowDetailView(GenericAPIView):
    serializer_class = CsecRowSerializer

    def get(self, request: Request, pk: str) -> Response:
        row = selectors.csec_row_get(acting(request), pk)
        access_record(request, row, via="api")
        return Response(CsecRowSerializer(row).data)

    @extend_schema(
        request=CsecRowChangeInput,
        responses=amend_responses(CsecRowSerializer),
        description="`end_date` alone sets the row's end (v1). With a `reason`, corrects the fields given; "
        "history keeps both versions, and the row's clock follows a corrected type or information time.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        row = selectors.csec_row_get(acting(request), pk)
        data = valid(CsecRowChangeInput, request)
        row = services.csec_row_change(user=acting(request), row=row, **data)
        return Response(CsecRowSerializer(row).data)


class ReferralListView(RecordsPageAccess, GenericAPIView):
    serializer_class = ReferralSerializer

    @extend_schema(
        parameters=[OpenApiParameter("client", OpenApiTypes.UUID)],
        operation_id="referrals_list",
        responses=ReferralSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        referrals = selectors.referrals_visible(acting(request))
        client_id = request.query_params.get("client")
        if client_id:
            referrals = referrals.filter(client=client_in_county(acting(request), client_id))
        page = self.paginate_queryset(referrals.order_by("-created_at"))
        return self.get_paginated_response(ReferralSerializer(page, many=True).data)

    @extend_schema(request=ReferralInput, responses={201: ReferralSerializer})
    def post(self, request: Request) -> Response:
        data = valid(ReferralInput, request)
        data["client"] = client_in_county(acting(request), data["client"])
        referral = services.referral_create(user=acting(request), **data)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailView(GenericAPIView):
    serializer_class = ReferralDetailSerializer

    def get(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        access_record(request, referral, via="api")
        return Response(ReferralDetailSerializer(referral).data)

    @extend_schema(
        request=ReferralChangeInput,
        responses=amend_responses(ReferralDetailSerializer),
        description="Without a `reason`, updates the referral's narrative, reporter, source or CSE allegation "
        "(v1). With one, corrects any field given, `received_at` and `receiving_agency` included; history "
        "keeps both versions and the referral's clocks follow.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        data = valid(ReferralChangeInput, request)
        referral = services.referral_change(user=acting(request), referral=referral, **data)
        return Response(ReferralDetailSerializer(selectors.referral_get(acting(request), referral.pk)).data)


class ResponseDecisionView(GenericAPIView):
    serializer_class = ReferralSerializer

    @extend_schema(request=ResponseDecisionInput, responses={200: ReferralSerializer})
    def post(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        data = valid(ResponseDecisionInput, request)
        referral = services.response_decision_record(user=acting(request), referral=referral, **data)
        return Response(ReferralSerializer(referral).data)


class ContactListView(GenericAPIView):
    serializer_class = ContactSerializer

    @extend_schema(responses=ContactSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        access_record(request, referral, via="api")
        page = self.paginate_queryset(referral.contacts.order_by("-created_at"))
        return self.get_paginated_response(ContactSerializer(page, many=True).data)

    @extend_schema(request=ContactInput, responses={201: ContactSerializer})
    def post(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        data = valid(ContactInput, request)
        contact = services.contact_record(user=acting(request), referral=referral, **data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class AllegationListView(GenericAPIView):
    serializer_class = AllegationSerializer

    @extend_schema(responses=AllegationSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        access_record(request, referral, via="api")
        page = self.paginate_queryset(referral.allegations.order_by("-created_at"))
        return self.get_paginated_response(AllegationSerializer(page, many=True).data)

    @extend_schema(request=AllegationInput, responses={201: AllegationSerializer})
    def post(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        data = valid(AllegationInput, request)
        data["victim"] = client_in_county(acting(request), data["victim"], field="victim")
        allegation = services.allegation_create(user=acting(request), referral=referral, **data)
        return Response(AllegationSerializer(allegation).data, status=status.HTTP_201_CREATED)


class AllegationDetailView(GenericAPIView):
    serializer_class = AllegationSerializer

    def get(self, request: Request, pk: str) -> Response:
        allegation = selectors.allegation_get(acting(request), pk)
        access_record(request, allegation, via="api")
        return Response(AllegationSerializer(allegation).data)

    @extend_schema(
        request=AllegationChangeInput,
        responses=amend_responses(AllegationSerializer),
        description="`disposition` alone records the finding (v1). Changing a recorded finding, or any other "
        "field, is a correction and needs a `reason`; a finding's clock follows it.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        allegation = selectors.allegation_get(acting(request), pk)
        data = valid(AllegationChangeInput, request)
        allegation = services.allegation_change(user=acting(request), allegation=allegation, **data)
        return Response(AllegationSerializer(allegation).data)
