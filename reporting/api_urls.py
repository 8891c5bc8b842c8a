from django.urls import URLPattern, URLResolver, path

from . import api, settings_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("missing-episodes/", api.EpisodeListView.as_view(), name="missing-episode-list"),
    path("missing-episodes/<str:pk>/", api.EpisodeDetailView.as_view(), name="missing-episode-detail"),
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
