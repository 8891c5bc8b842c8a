"""Petitions under /api/v1/ (API.md, "Added in v1.1"): thin adapters over `petitions.services` and
`petitions.selectors`. Another county's child or petition is a 404; a county admin's write a 403."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import RecordsPageAccess, access_record
from kernel.acting import acting, valid
from kernel.pagination import CursorPagination
from referrals.selectors import client_get

from . import selectors, services
from .serializers import PetitionInput, PetitionPatch, PetitionSerializer, PetitionVoidInput

BAD_INPUT = OpenApiResponse(
    description="A field breaks a rule, with messages per field (`{field: [messages]}`): nothing is saved. "
    "Also a correction without a reason or that changes nothing, and any change to a petition entered in error "
    "(`non_field_errors`)."
)
NOT_A_WRITER = OpenApiResponse(description="The caller's role does not write case records (a county admin).")
NOT_FOUND = OpenApiResponse(description="No such child or petition in the caller's county.")
WRITE_ERRORS = {400: BAD_INPUT, 403: NOT_A_WRITER, 404: NOT_FOUND}

RECORD_DESCRIPTION = (
    "Record a dependency petition filed with the juvenile court: the WIC 300 subdivision chosen with county "
    "counsel, the child's allegations it rests on, the filing day, hearings (held or scheduled), the outcome "
    "once known and, for a (b)(2) petition only, the parents' protective behaviours (ACL 16-85, FAQ 3)."
)
CORRECT_DESCRIPTION = (
    "Correct the petition: the fields to change and a `reason`, which history keeps beside both versions. "
    "`allegations`, `hearings` and `protective_behaviours` given replace the petition's whole; the petition as "
    "corrected must pass every rule of a new one (changing the subdivision away from (b)(2) needs "
    "`protective_behaviours: {}`)."
)
VOID_DESCRIPTION = (
    "Mark the petition entered in error: it is kept and listed, struck through, with who, when and why, and "
    "takes no further change. `reason` is required."
)


class PetitionPagination(CursorPagination):
    ordering = ("-filed_at", "-created_at", "-id")


class ClientPetitionsView(RecordsPageAccess):
    """The child's petitions, the latest filed first (each one on the page answered leaves an access event)."""

    serializer_class = PetitionSerializer
    pagination_class = PetitionPagination

    def get(self, request: Request, client_id: str) -> Response:
        client = client_get(acting(request), client_id)
        access_record(request, client, via="api")
        page = self.paginate_queryset(selectors.petitions_of(client))
        return self.get_paginated_response(PetitionSerializer(page, many=True).data)

    @extend_schema(
        description=RECORD_DESCRIPTION,
        request=PetitionInput,
        responses={201: PetitionSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, client_id: str) -> Response:
        user = acting(request)
        client = client_get(user, client_id)
        # A 403 before any 400: the input of one who may not write is not read.
        services.require_petition_writer(user)
        petition = services.petition_record(user=user, client=client, **valid(PetitionInput, request))
        return Response(PetitionSerializer(petition).data, status=status.HTTP_201_CREATED)


class PetitionDetailView(GenericAPIView):
    serializer_class = PetitionSerializer

    def get(self, request: Request, pk: str) -> Response:
        petition = selectors.petition_get(acting(request), pk)
        access_record(request, petition, via="api")
        return Response(PetitionSerializer(petition).data)

    @extend_schema(
        description=CORRECT_DESCRIPTION,
        request=PetitionPatch,
        responses={200: PetitionSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        petition = selectors.petition_get(user, pk)
        services.require_petition_writer(user)
        # Not partial: every field but `reason` is optional already, and `reason` must be given.
        changes = valid(PetitionPatch, request)
        petition = services.petition_correct(user=user, petition=petition, **changes)
        return Response(PetitionSerializer(petition).data)


class PetitionVoidView(GenericAPIView):
    serializer_class = PetitionSerializer

    @extend_schema(
        description=VOID_DESCRIPTION,
        request=PetitionVoidInput,
        responses={200: PetitionSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        petition = selectors.petition_get(user, pk)
        services.require_petition_writer(user)
        petition = services.petition_void(user=user, petition=petition, **valid(PetitionVoidInput, request))
        return Response(PetitionSerializer(petition).data)
