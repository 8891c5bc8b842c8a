from django.urls import path

from . import api

urlpatterns = [
    path("case-plan-flags/", api.CasePlanFlagsView.as_view(), name="case-plan-flags"),
    path("case-plan-settings/", api.CaseplanSettingsView.as_view(), name="case-plan-settings"),
    path("service-catalogue/", api.ServiceCatalogueView.as_view(), name="service-catalogue"),
    path("clients/<str:client_id>/case-plan/", api.ClientCasePlanView.as_view(), name="client-case-plan"),
    path("case-plans/<str:pk>/", api.CasePlanDetailView.as_view(), name="case-plan-detail"),
    path("case-plans/<str:pk>/void/", api.CasePlanVoidView.as_view(), name="case-plan-void"),
    path("case-plans/<str:pk>/services/", api.CasePlanServicesView.as_view(), name="case-plan-services"),
    path(
        "case-plans/<str:pk>/cft-meetings/",
        api.CasePlanCftMeetingsView.as_view(),
        name="case-plan-cft-meetings",
    ),
    path("services/<str:pk>/", api.ServiceDetailView.as_view(), name="service-detail"),
    path("services/<str:pk>/void/", api.ServiceVoidView.as_view(), name="service-void"),
    path("cft-meetings/<str:pk>/", api.CftMeetingDetailView.as_view(), name="cft-meeting-detail"),
    path("cft-meetings/<str:pk>/void/", api.CftMeetingVoidView.as_view(), name="cft-meeting-void"),
]
