from django.urls import URLPattern, URLResolver, path

from . import amendment_api, api, print_api, settings_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("missing-episodes/", api.EpisodeListView.as_view(), name="missing-episode-list"),
    path("missing-episodes/<str:pk>/", api.EpisodeDetailView.as_view(), name="missing-episode-detail"),
    path(
        "missing-episodes/<str:pk>/void/",
        amendment_api.EpisodeVoidView.as_view(),
        name="missing-episode-void",
    ),
    path(
        "missing-episodes/<str:pk>/return/void/",
        amendment_api.EpisodeReturnVoidView.as_view(),
        name="missing-episode-return-void",
    ),
    path(
        "locate-attempts/<str:pk>/",
        amendment_api.LocateAttemptDetailView.as_view(),
        name="locate-attempt-detail",
    ),
    path(
        "locate-attempts/<str:pk>/void/",
        amendment_api.LocateAttemptVoidView.as_view(),
        name="locate-attempt-void",
    ),
    path(
        "reconfirmations/<str:pk>/",
        amendment_api.ReconfirmationDetailView.as_view(),
        name="reconfirmation-detail",
    ),
    path(
        "reconfirmations/<str:pk>/void/",
        amendment_api.ReconfirmationVoidView.as_view(),
        name="reconfirmation-void",
    ),
    path("reports/<str:pk>/", amendment_api.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<str:pk>/void/", amendment_api.ReportVoidView.as_view(), name="report-void"),
    path("reports/<str:pk>/print/", print_api.ReportPrintView.as_view(), name="report-print"),
    path(
        "missing-episodes/<str:pk>/locate-attempts/", api.LocateAttemptView.as_view(), name="locate-attempts"
    ),
    path(
        "missing-episodes/<str:pk>/reconfirmations/", api.ReconfirmationView.as_view(), name="reconfirmations"
    ),
    path("missing-episodes/<str:pk>/return/", api.ReturnView.as_view(), name="missing-episode-return"),
    path("missing-episodes/<str:pk>/ncmec-packet/", api.PacketView.as_view(), name="ncmec-packet"),
    path("reports/", api.ReportListView.as_view(), name="report-list"),
    path("deadlines/", api.DeadlineListView.as_view(), name="deadline-list"),
    path("notifications/", api.NotificationListView.as_view(), name="notification-list"),
    path("notifications/<uuid:pk>/read/", api.NotificationReadView.as_view(), name="notification-read"),
    path("clock-settings/", settings_api.ClockSettingsView.as_view(), name="clock-settings"),
]
