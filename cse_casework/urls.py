from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as accounts_api
from accounts import audit_api, user_api
from reporting import dashboard
from reporting.statistics import CsecStatisticsView

from . import health, views
from .timeline import api as timeline_api
from .timeline import views as timeline_views


def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="auth-token"),
    path("me/", accounts_api.MeView.as_view(), name="me"),
    path("county-settings/", accounts_api.CountySettingsView.as_view(), name="county-settings"),
    path("auth/tokens/", user_api.TokenListView.as_view(), name="auth-tokens"),
    path("auth/tokens/<str:pk>/", user_api.TokenDetailView.as_view(), name="auth-token-detail"),
    path("users/", user_api.UserListView.as_view(), name="user-list"),
    path("users/<str:pk>/", user_api.UserDetailView.as_view(), name="user-detail"),
    path("users/<str:pk>/unlock/", user_api.UserUnlockView.as_view(), name="user-unlock"),
    path("users/<str:pk>/reset-mfa/", user_api.UserMfaResetView.as_view(), name="user-reset-mfa"),
    path("audit/export/", audit_api.AuditExportView.as_view(), name="audit-export"),
    path("audit/exports/", audit_api.AuditExportsView.as_view(), name="audit-exports"),
    path("audit/exports/<str:pk>/", audit_api.AuditExportJobView.as_view(), name="audit-export-job"),
    path("audit/exports/<str:pk>/file/", audit_api.AuditExportFileView.as_view(), name="audit-export-file"),
    path("statistics/csec/", CsecStatisticsView.as_view(), name="statistics-csec"),
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("referrals.api_urls")),
    path("", include("screening.api_urls")),
    path("", include("reporting.api_urls")),
    path("", include("caseplans.api_urls")),
    path("", include("training.api_urls")),
    path("", include("petitions.api_urls")),
    path("", include("notes.api_urls")),
    path("clients/<str:pk>/timeline/", timeline_api.ClientTimelineView.as_view(), name="client-timeline"),
]

handler400 = "cse_casework.errors.bad_request"
handler403 = "cse_casework.errors.permission_denied"
handler404 = "cse_casework.errors.page_not_found"
handler500 = "cse_casework.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("referrals.urls")),
    path("", include("screening.urls")),
    path("", include("reporting.urls")),
    path("", include("caseplans.urls")),
    path("", include("training.urls")),
    path("", include("petitions.urls")),
    path("", include("notes.urls")),
    path("clients/<str:pk>/timeline/", timeline_views.timeline, name="timeline"),
    path("api/v1/", include((api_v1, "api"))),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", live, name="healthz-live"),
    path("admin/", admin.site.urls),
]
