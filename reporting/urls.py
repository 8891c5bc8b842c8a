from django.urls import URLPattern, URLResolver, path

from . import inbox_views, settings_views, views

app_name = "reporting"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<str:pk>/clocks/", views.client_clocks, name="client-clocks"),
    path("clients/<str:pk>/missing/new/", views.episode_new, name="episode-new"),
    path("clients/<str:pk>/reports/<str:kind>/new/", views.report_new, name="report-new"),
    path("missing-episodes/<str:pk>/", views.episode_detail, name="episode"),
    path("missing-episodes/<str:pk>/exploited/", views.episode_exploited, name="episode-exploited"),
    path("missing-episodes/<str:pk>/<str:action>/", views.episode_action, name="episode-action"),
    path("notifications/", inbox_views.notifications, name="notifications"),
    path("notifications/read/", inbox_views.notifications_read, name="notifications-read"),
    path("notifications/<uuid:pk>/read/", inbox_views.notification_read, name="notification-read"),
    path("clocks/settings/", settings_views.clock_settings_page, name="clock-settings"),
]
