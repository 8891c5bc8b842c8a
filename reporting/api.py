"""Thin API adapters over the episode, report and clock services and selectors (API.md)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.access import RecordsPageAccess, access_record
from accounts.selectors import scoped_get
from kernel.acting import acting
from referrals.models import Client, MissingEpisode, Referral

from . import episodes, reports, selectors
from .serializers import (
    DeadlineOut,
    DeadlineQuery,
    EpisodeIn,
    EpisodeOut,
    LocateAttemptIn,
    LocateAttemptOut,
    NotificationOut,
    PacketOut,
    ReconfirmationIn,
    ReconfirmationOut,
    ReportIn,
    ReportOut,
    ReturnIn,
)


def _episode(request: Request, pk: Any) -> MissingEpisode:
    return scoped_get(MissingEpisode.objects.select_related("client__county"), acting(request), pk=pk)


class EpisodeListView(RecordsPageAccess, generics.ListAPIView):
    serializer_class = EpisodeOut

    def get_queryset(self) -> QuerySet[MissingEpisode]:
        return selectors.episodes_visible(acting(self.request))

    @extend_schema(request=EpisodeIn, responses={201: EpisodeOut})
    def post(self, request: Request) -> Response:
        data = EpisodeIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        client = scoped_get(Client.objects.select_related("county"), acting(request), pk=values.pop("client"))
        episode = episodes.episode_record(user=acting(request), client=client, **values)
        return Response(EpisodeOut(episode).data, status=status.HTTP_201_CREATED)


class EpisodeDetailView(APIView):
    @extend_schema(responses={200: EpisodeOut})
    def get(self, request: Request, pk: str) -> Response:
        episode = _episode(request, pk)
        access_record(request, episode, via="api")
        return Response(EpisodeOut(episode).data)


class LocateAttemptView(APIView):
    @extend_schema(request=LocateAttemptIn, responses={201: LocateAttemptOut})
    def post(self, request: Request, pk: str) -> Response:
        episode = _episode(request, pk)
        data = LocateAttemptIn(data=request.data)
        data.is_valid(raise_exception=True)
        attempt = episodes.locate_attempt_record(user=acting(request), episode=episode, **data.validated_data)
        return Response(LocateAttemptOut(attempt).data, status=status.HTTP_201_CREATED)


class ReconfirmationView(APIView):
    @extend_schema(request=ReconfirmationIn, responses={201: ReconfirmationOut})
    def post(self, request: Request, pk: str) -> Response:
        episode = _episode(request, pk)
        data = ReconfirmationIn(data=request.data)
        data.is_valid(raise_exception=True)
        done = episodes.reconfirmation_record(user=acting(request), episode=episode, **data.validated_data)
        return Response(ReconfirmationOut(done).data, status=status.HTTP_201_CREATED)


class ReturnView(APIView):
    @extend_schema(request=ReturnIn, responses={200: EpisodeOut})
    def post(self, request: Request, pk: str) -> Response:
        episode = _episode(request, pk)
        data = ReturnIn(data=request.data)
        data.is_valid(raise_exception=True)
        episode = episodes.episode_return(user=acting(request), episode=episode, **data.validated_data)
        return Response(EpisodeOut(episode).data)


class PacketView(APIView):
    @extend_schema(responses={200: PacketOut})
    def get(self, request: Request, pk: str) -> Response:
        episode = _episode(request, pk)
        access_record(request, episode, via="api")
        return Response(episodes.ncmec_packet(episode))


class ReportListView(RecordsPageAccess, generics.ListAPIView):
    serializer_class = ReportOut

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.reports_visible(acting(self.request))

    @extend_schema(request=ReportIn, responses={201: ReportOut})
    def post(self, request: Request) -> Response:
        data = ReportIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        user = acting(request)
        client = scoped_get(Client.objects.select_related("county"), user, pk=values.pop("client"))
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
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        query = DeadlineQuery(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.deadlines_visible(acting(self.request), query.validated_data)


class NotificationListView(generics.ListAPIView):
    serializer_class = NotificationOut

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.notifications_of(acting(self.request))
