"""Case notes under /api/v1/ (API.md, "Added in v1.1"): thin adapters over `notes.services` and
`notes.selectors`. Another county's child or note is a 404; a county admin's write a 403, before any input is
read."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import RecordsPageAccess, access_record
from kernel.acting import acting, valid
from kernel.pagination import CursorPagination
from referrals import selectors as case_selectors

from . import selectors, services
from .serializers import NoteInput, NotePatch, NoteSerializer, NoteVoidInput

BAD_INPUT = OpenApiResponse(
    description="A field breaks a rule (`{field: [messages]}`): a kind not in the list, a time in the future, "
    "before the child's birth or beyond the late-entry window without `late_entry_reason`, a text missing or too "
    "long; a correction without a reason or that changes nothing, or of a note entered in error "
    "(`non_field_errors`). Nothing is saved."
)
NOT_A_WRITER = OpenApiResponse(
    description="The caller's role writes no casework (a county admin reads only)."
)
NOT_FOUND = OpenApiResponse(description="No such child or note in the caller's county.")
WRITE_ERRORS = {400: BAD_INPUT, 403: NOT_A_WRITER, 404: NOT_FOUND}


class NotesPagination(CursorPagination):
    """Newest first by when the note's event happened, then by id: a fixed order to page through."""

    ordering = ("-occurred_at", "-id")


class ClientNotesView(RecordsPageAccess):
    """The child's case notes: listed newest first (a read of the child and of each note shown), or written."""

    serializer_class = NoteSerializer
    pagination_class = NotesPagination

    @extend_schema(operation_id="client_notes_list", responses=NoteSerializer(many=True))
    def get(self, request: Request, pk: str) -> Response:
        user = acting(request)
        client = case_selectors.client_get(user, pk)
        access_record(request, client, via="api")
        page = self.paginate_queryset(selectors.notes_of(user, client))
        return self.get_paginated_response(NoteSerializer(page, many=True).data)

    @extend_schema(
        operation_id="client_notes_create",
        description="Write a note on the child's record. A note of something older than the county's late-entry "
        "window needs `late_entry_reason`.",
        request=NoteInput,
        responses={201: NoteSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        client = case_selectors.client_get(user, pk)
        services.require_note_writer(user)
        note = services.note_create(user=user, client=client, **valid(NoteInput, request))
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class NoteDetailView(GenericAPIView):
    serializer_class = NoteSerializer

    def get(self, request: Request, pk: str) -> Response:
        note = selectors.note_get(acting(request), pk)
        access_record(request, note, via="api")
        return Response(NoteSerializer(note).data)

    @extend_schema(
        description="Correct the note: the fields to change and a `reason`; history keeps both versions, with who "
        "and why. A newly entered `occurred_at` is judged by the late-entry window again. A note entered in "
        "error, or a correction that changes nothing, is a 400.",
        request=NotePatch,
        responses={200: NoteSerializer, **WRITE_ERRORS},
    )
    def patch(self, request: Request, pk: str) -> Response:
        user = acting(request)
        note = selectors.note_get(user, pk)
        services.require_note_writer(user)
        note = services.note_correct(user=user, note=note, **valid(NotePatch, request))
        return Response(NoteSerializer(note).data)


class NoteVoidView(GenericAPIView):
    serializer_class = NoteSerializer

    @extend_schema(
        description="Mark the note entered in error: it is kept and shown struck through, with who, when and why, "
        "and can no longer be corrected or marked again. `reason` is required.",
        request=NoteVoidInput,
        responses={200: NoteSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        note = selectors.note_get(user, pk)
        services.require_note_writer(user)
        note = services.note_void(user=user, note=note, **valid(NoteVoidInput, request))
        return Response(NoteSerializer(note).data)
