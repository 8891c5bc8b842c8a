"""Thin API adapters over the episode, report and clock services and selectors (API.md)."""

from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import RecordsPageAccess, access_record
from accounts.selectors import scoped_get
from kernel.acting import acting, valid
from referrals.correction_api import amend_responses
from referrals.models import MissingEpisode, Referral
from referrals.selectors import client_get

from . import episode_amendments, episodes, inbox, reports, selectors
from .models import Deadline, Notification, Report
from .serializers import (
    DeadlineOut,
    DeadlineQuery,
    EpisodeCorrectionIn,
    EpisodeIn,
    EpisodeOut,
    LocateAttemptIn,
    LocateAttemptOut,
    NotificationOut,
    NotificationQuery,
    PacketOut,
    ReconfirmationIn,
    ReconfirmationOut,
    ReportIn,
    ReportOut,
    ReturnIn,
)


class EpisodeListView(RecordsPageAccess, generics.ListAPIView):
    serializer_class = EpisodeOut

    def get_queryset(self) -> QuerySet[MissingEpisode]:
        return selectors.episodes_visible(acting(self.request))

    @extend_schema(request=EpisodeIn, responses={201: EpisodeOut})
    def post(self, request: Request) -> Response:
        user = acting(request)
        values = valid(EpisodeIn, request)
        client = client_get(user, values.pop("client"))
        episode = episodes.episode_record(user=user, client=client, **values)
        return Response(EpisodeOut(episode).data, status=status.HTTP_201_CREATED)


class EpisodeDetailView(APIView):
    @extend_schema(responses={200: EpisodeOut})
    def get(self, request: Request, pk: str) -> Response:
        episode = selectors.episode_get(acting(request), pk)
        access_record(request, episode, via="api")
        return Response(EpisodeOut(episode).data)

    @extend_schema(
        request=EpisodeCorrectionIn,
        responses=amend_responses(EpisodeOut),
        description="Correct the episode, and its return once recorded: the fields to change and a `reason`. "
        "History keeps both versions; the clocks follow a corrected discovery, concern or return.",
    )
    def patch(self, request: Request, pk: str) -> Response:
        episode = selectors.episode_get(acting(request), pk)
        data = valid(EpisodeCorrectionIn, request)
        episode = episode_amendments.episode_correct(user=acting(request), episode=episode, **data)
        return Response(EpisodeOut(episode).data)


class LocateAttemptView(APIView):
    @extend_schema(request=LocateAttemptIn, responses={201: LocateAttemptOut})
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        episode = selectors.episode_get(user, pk)
        values = valid(LocateAttemptIn, request)
        attempt = episodes.locate_attempt_record(user=user, episode=episode, **values)
        return Response(LocateAttemptOut(attempt).data, status=status.HTTP_201_CREATED)


class ReconfirmationView(APIView):
    @extend_schema(request=ReconfirmationIn, responses={201: ReconfirmationOut})
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        episode = selectors.episode_get(user, pk)
        values = valid(ReconfirmationIn, request)
        done = episodes.reconfirmation_record(user=user, episode=episode, **values)
        return Response(ReconfirmationOut(done).data, status=status.HTTP_201_CREATED)


class ReturnView(APIView):
    @extend_schema(request=ReturnIn, responses={200: EpisodeOut})
    def post(self, request: Request, pk: str) -> Response:
        user = acting(request)
        episode = selectors.episode_get(user, pk)
        values = valid(ReturnIn, request)
        episode = episodes.episode_return(user=user, episode=episode, **values)
        return Response(EpisodeOut(episode).data)


class PacketView(APIView):
    @extend_schema(responses={200: PacketOut})
    def get(self, request: Request, pk: str) -> Response:
        episode = selectors.episode_get(acting(request), pk)
        access_record(request, episode, via="api")
        return Response(episodes.ncmec_packet(episode))


class ReportListView(RecordsPageAccess, generics.ListAPIView):
    serializer_class = ReportOut

    def get_queryset(self) -> QuerySet[Report]:
        return selectors.reports_visible(acting(self.request))

    @extend_schema(request=ReportIn, responses={201: ReportOut})
    def post(self, request: Request) -> Response:
        user = acting(request)
        values = valid(ReportIn, request)
        client = client_get(user, values.pop("client"))
        episode_id, referral_id = values.pop("missing_episode", None), values.pop("referral", None)
        episode = scoped_get(MissingEpisode.objects.all(), user, pk=episode_id) if episode_id else None
        referral = scoped_get(Referral.objects.all(), user, pk=referral_id) if referral_id else None
        report = reports.report_record(
            user=user, client=client, missing_episode=episode, referral=referral, **values
        )
        return Response(ReportOut(report).data, status=status.HTTP_201_CREATED)


class DeadlineListView(RecordsPageAccess, generics.ListAPIView):
    serializer_class = DeadlineOut

    @extend_schema(parameters=[DeadlineQuery])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Deadline]:
        query = DeadlineQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.deadlines_visible(acting(self.request), query.validated_data)


class NotificationListView(generics.ListAPIView):
    """The caller's notifications, newest first, paged by the kernel's cursor; by kind, read or unread."""

    serializer_class = NotificationOut

    @extend_schema(parameters=[NotificationQuery])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        # A plain dict: from a query string DRF would read an absent `unread` as false rather than as no filter.
        query = NotificationQuery(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return selectors.notifications_of(acting(self.request), query.validated_data)


class NotificationReadView(APIView):
    @extend_schema(request=None, responses={200: NotificationOut})
    def post(self, request: Request, pk: UUID) -> Response:
        user = acting(request)
        notification = inbox.notification_mark_read(
            user, selectors.notification_get(user, pk), timezone.now()
        )
        return Response(NotificationOut(notification).data)
