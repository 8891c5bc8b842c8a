from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import api as accounts_api
from reporting import dashboard
from reporting.statistics import CsecStatisticsView

from . import health, views


def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth-token"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("county-settings/", accounts_api.CountySettingsView.as_view(), name="county-settings"),
    path("users/", accounts_api.UserListView.as_view(), name="user-list"),
    path("users/<str:pk>/", accounts_api.UserDetailView.as_view(), name="user-detail"),
    path("audit/export/", accounts_api.AuditExportView.as_view(), name="audit-export"),
    path("statistics/csec/", CsecStatisticsView.as_view(), name="statistics-csec"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("referrals.api_urls")),
    path("", include("screening.api_urls")),
    path("", include("reporting.api_urls")),
    path("", include("caseplans.api_urls")),
    path("", include("training.api_urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("referrals.urls")),
    path("", include("screening.urls")),
    path("", include("reporting.urls")),
    path("", include("caseplans.urls")),
    path("", include("training.urls")),
    path("api/v1/", include((api_v1, "api"))),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", live, name="healthz-live"),
    path("admin/", admin.site.urls),
]
