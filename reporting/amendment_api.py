"""Corrections and entries made in error of missing episodes, their follow-ups and reports, under /api/v1/
(API.md, "Added in v1.1"): thin adapters over `reporting.episode_amendments` and `reporting.report_amendments`.
A PATCH names the fields to correct and a `reason`; `POST .../void/` marks the entry entered in error with a
`reason`. Another county's entry is a 404, a county admin's change a 403. (The episode's own PATCH is
`api.EpisodeDetailView`.)"""

from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.access import access_record
from kernel.acting import acting, valid
from referrals.correction_api import VOID_DESCRIPTION, amend_responses
from referrals.serializers import VoidInput

from . import episode_amendments, report_amendments, selectors
from .serializers import (
    EpisodeOut,
    LocateAttemptCorrectionIn,
    LocateAttemptOut,
    ReconfirmationCorrectionIn,
    ReconfirmationOut,
    ReportCorrectionIn,
    ReportOut,
)

RETURN_VOID_DESCRIPTION = (
    "Mark the episode's return entered in error: the return's fields are cleared (history keeps them, with who "
    "and why) and the episode is open again; the return's clocks are cancelled (`entered_in_error`) and the "
    "reconfirmation periods it cancelled resume. Answers the episode, which itself stands "
    "(`entered_in_error: false`). Refused (400) when no return is recorded or the child has another open episode."
)


class EpisodeVoidView(GenericAPIView):
    serializer_class = EpisodeOut

    @extend_schema(
        request=VoidInput,
        responses=amend_responses(EpisodeOut),
        description=VOID_DESCRIPTION + " Every clock naming the episode is cancelled.",
    )
    def post(self, request: Request, pk: str) -> Response:
        episode = selectors.episode_get(acting(request), pk)
        data = valid(VoidInput, request)
        episode = episode_amendments.episode_void(user=acting(request), episode=episode, **data)
        return Response(EpisodeOut(episode).data)


class EpisodeReturnVoidView(GenericAPIView):
    serializer_class = EpisodeOut

    @extend_schema(
        request=VoidInput, responses=amend_responses(EpisodeOut), description=RETURN_VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        episode = selectors.episode_get(acting(request), pk)
        data = valid(VoidInput, request)
        episode = episode_amendments.episode_return_void(user=acting(request), episode=episode, **data)
        return Response(EpisodeOut(episode).data)


class LocateAttemptDetailView(GenericAPIView):
    serializer_class = LocateAttemptOut

    def get(self, request: Request, pk: str) -> Response:
        attempt = selectors.locate_attempt_get(acting(request), pk)
        access_record(request, attempt, via="api")
        return Response(LocateAttemptOut(attempt).data)

    @extend_schema(
        request=LocateAttemptCorrectionIn,
        responses=amend_responses(LocateAttemptOut),
        description="Correct the locate attempt: the fields to change and a `reason`.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        attempt = selectors.locate_attempt_get(acting(request), pk)
        data = valid(LocateAttemptCorrectionIn, request)
        attempt = episode_amendments.locate_attempt_correct(user=acting(request), attempt=attempt, **data)
        return Response(LocateAttemptOut(attempt).data)


class LocateAttemptVoidView(GenericAPIView):
    serializer_class = LocateAttemptOut

    @extend_schema(
        request=VoidInput, responses=amend_responses(LocateAttemptOut), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        attempt = selectors.locate_attempt_get(acting(request), pk)
        data = valid(VoidInput, request)
        attempt = episode_amendments.locate_attempt_void(user=acting(request), attempt=attempt, **data)
        return Response(LocateAttemptOut(attempt).data)


class ReconfirmationDetailView(GenericAPIView):
    serializer_class = ReconfirmationOut

    def get(self, request: Request, pk: str) -> Response:
        reconfirmation = selectors.reconfirmation_get(acting(request), pk)
        access_record(request, reconfirmation, via="api")
        return Response(ReconfirmationOut(reconfirmation).data)

    @extend_schema(
        request=ReconfirmationCorrectionIn,
        responses=amend_responses(ReconfirmationOut),
        description="Correct the reconfirmation: the fields to change and a `reason`. A changed time settles "
        "again which reconfirmation periods are met.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        reconfirmation = selectors.reconfirmation_get(acting(request), pk)
        data = valid(ReconfirmationCorrectionIn, request)
        reconfirmation = episode_amendments.reconfirmation_correct(
            user=acting(request), reconfirmation=reconfirmation, **data
        )
        return Response(ReconfirmationOut(reconfirmation).data)


class ReconfirmationVoidView(GenericAPIView):
    serializer_class = ReconfirmationOut

    @extend_schema(
        request=VoidInput, responses=amend_responses(ReconfirmationOut), description=VOID_DESCRIPTION
    )
    def post(self, request: Request, pk: str) -> Response:
        reconfirmation = selectors.reconfirmation_get(acting(request), pk)
        data = valid(VoidInput, request)
        reconfirmation = episode_amendments.reconfirmation_void(
            user=acting(request), reconfirmation=reconfirmation, **data
        )
        return Response(ReconfirmationOut(reconfirmation).data)


class ReportDetailView(GenericAPIView):
    serializer_class = ReportOut

    def get(self, request: Request, pk: str) -> Response:
        report = selectors.report_get(acting(request), pk)
        access_record(request, report, via="api")
        return Response(ReportOut(report).data)

    @extend_schema(
        request=ReportCorrectionIn,
        responses=amend_responses(ReportOut),
        description="Correct the report: the fields to change and a `reason`. The clocks it met are settled "
        "again, and it meets the open clocks it now answers.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        report = selectors.report_get(acting(request), pk)
        data = valid(ReportCorrectionIn, request)
        report = report_amendments.report_correct(user=acting(request), report=report, **data)
        return Response(ReportOut(selectors.report_get(acting(request), report.pk)).data)


class ReportVoidView(GenericAPIView):
    serializer_class = ReportOut

    @extend_schema(request=VoidInput, responses=amend_responses(ReportOut), description=VOID_DESCRIPTION)
    def post(self, request: Request, pk: str) -> Response:
        report = selectors.report_get(acting(request), pk)
        data = valid(VoidInput, request)
        report = report_amendments.report_void(user=acting(request), report=report, **data)
        return Response(ReportOut(selectors.report_get(acting(request), report.pk)).data)
