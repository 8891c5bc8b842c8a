"""Corrections and entries made in error under /api/v1/ (API.md, "Added in v1.1"): thin adapters over
`referrals.services`. A PATCH names the fields to correct and a `reason`; `POST .../void/` marks the entry
entered in error with a `reason`. Another county's entry is a 404, a county admin's change a 403."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import access_record
from kernel.acting import acting, valid

from . import selectors, services
from .serializers import (
    AllegationSerializer,
    ContactCorrectionInput,
    ContactSerializer,
    CsecRowSerializer,
    ReferralDetailSerializer,
    VoidInput,
)

REFUSED_400 = OpenApiResponse(
    description="Bad input, with a message per field: a missing reason, a value the entry's rules refuse (an "
    "instant in the future, before what it follows, or beyond the late-entry window without "
    "`late_entry_reason`), or an entry already marked entered in error (`non_field_errors`)."
)
REFUSED_403 = OpenApiResponse(description="The caller's role does not write case records (a county admin).")
UNKNOWN_404 = OpenApiResponse(description="No such entry in the caller's county.")


def amend_responses(serializer: type[serializers.Serializer]) -> dict[int, object]:
    """The answers of a correction or of marking an entry entered in error, for the schema."""
    return {200: serializer, 400: REFUSED_400, 403: REFUSED_403, 404: UNKNOWN_404}


VOID_DESCRIPTION = (
    "Mark the entry entered in error: it is kept and shown struck through, counted nowhere, and can no longer be "
    "corrected or marked again. The clocks it started are cancelled (`entered_in_error`); those it met reopen."
)


class ContactDetailView(GenericAPIView):
    serializer_class = ContactSerializer

    def get(self, request: Request, pk: str) -> Response:
        contact = selectors.contact_get(acting(request), pk)
        access_record(request, contact, via="api")
        return Response(ContactSerializer(contact).data)

    @extend_schema(
        request=ContactCorrectionInput,
        responses=amend_responses(ContactSerializer),
        description="Correct the contact: the fields to change and a `reason`. History keeps both versions.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        contact = selectors.contact_get(acting(request), pk)
        data = valid(ContactCorrectionInput, request)
        contact = services.contact_correct(user=acting(request), contact=contact, **data)
        return Response(ContactSerializer(contact).data)


class ReferralVoidView(GenericAPIView):
    serializer_class = ReferralDetailSerializer

    @extend_schema(
        request=VoidInput, responses=amend_responses(ReferralDetailSerializer), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        referral = selectors.referral_get(acting(request), pk)
        services.referral_void(user=acting(request), referral=referral, **valid(VoidInput, request))
        return Response(ReferralDetailSerializer(selectors.referral_get(acting(request), pk)).data)


class ContactVoidView(GenericAPIView):
    serializer_class = ContactSerializer

    @extend_schema(
        request=VoidInput, responses=amend_responses(ContactSerializer), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        contact = selectors.contact_get(acting(request), pk)
        contact = services.contact_void(user=acting(request), contact=contact, **valid(VoidInput, request))
        return Response(ContactSerializer(contact).data)


class AllegationVoidView(GenericAPIView):
    serializer_class = AllegationSerializer

    @extend_schema(
        request=VoidInput, responses=amend_responses(AllegationSerializer), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        allegation = selectors.allegation_get(acting(request), pk)
        data = valid(VoidInput, request)
        allegation = services.allegation_void(user=acting(request), allegation=allegation, **data)
        return Response(AllegationSerializer(allegation).data)


class CsecRowVoidView(GenericAPIView):
    serializer_class = CsecRowSerializer

    @extend_schema(
        request=VoidInput, responses=amend_responses(CsecRowSerializer), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        row = selectors.csec_row_get(acting(request), pk)
        row = services.csec_row_void(user=acting(request), row=row, **valid(VoidInput, request))
        return Response(CsecRowSerializer(row).data)
