from django.urls import URLPattern, URLResolver, path

from . import amendment_views, dashboard, inbox_views, print_views, settings_views, statistics, views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<str:pk>/clocks/", views.client_clocks, name="client-clocks"),
    path("clients/<str:pk>/missing/new/", views.episode_new, name="episode-new"),
    path("clients/<str:pk>/reports/<str:kind>/new/", views.report_new, name="report-new"),
    path("missing-episodes/<str:pk>/", views.episode_detail, name="episode"),
    path("missing-episodes/<str:pk>/exploited/", views.episode_exploited, name="episode-exploited"),
    # Before the episode's actions below, which would take "correct" and "void" for actions of their own.
    path("missing-episodes/<str:pk>/correct/", amendment_views.episode_correct, name="episode-correct"),
    path("missing-episodes/<str:pk>/void/", amendment_views.episode_void, name="episode-void"),
    path("missing-episodes/<str:pk>/return/correct/", amendment_views.return_correct, name="return-correct"),
    path("missing-episodes/<str:pk>/return/void/", amendment_views.return_void, name="return-void"),
    path("locate-attempts/<str:pk>/correct/", amendment_views.attempt_correct, name="attempt-correct"),
    path("locate-attempts/<str:pk>/void/", amendment_views.attempt_void, name="attempt-void"),
    path(
        "reconfirmations/<str:pk>/correct/",
        amendment_views.reconfirmation_correct,
        name="reconfirmation-correct",
    ),
    path("reconfirmations/<str:pk>/void/", amendment_views.reconfirmation_void, name="reconfirmation-void"),
    path("reports/<str:pk>/correct/", amendment_views.report_correct, name="report-correct"),
    path("reports/<str:pk>/void/", amendment_views.report_void, name="report-void"),
    path("reports/<str:pk>/print/", print_views.report_print, name="report-print"),
    path("reports/<str:pk>/print/pdf/", print_views.report_print_pdf, name="report-print-pdf"),
    path("missing-episodes/<str:pk>/<str:action>/", views.episode_action, name="episode-action"),
    path("notifications/", inbox_views.notifications, name="notifications"),
    path("notifications/read/", inbox_views.notifications_read, name="notifications-read"),
    path("notifications/<uuid:pk>/read/", inbox_views.notification_read, name="notification-read"),
    path("clocks/settings/", settings_views.clock_settings_page, name="clock-settings"),
    path("dashboard/csv/", dashboard.dashboard_csv, name="dashboard-csv"),
    path("statistics/", statistics.statistics_page, name="statistics"),
    path("statistics/csv/", statistics.statistics_csv, name="statistics-csv"),
]
