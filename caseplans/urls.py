from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "caseplans"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<str:client_id>/case-plan/", views.plan_page, name="plan"),
    path("clients/<str:client_id>/case-plan/edit/", views.plan_edit, name="plan-edit"),
    path("case-plans/flags/", views.flags_page, name="flags"),
    path("case-plans/settings/", views.settings_page, name="settings"),
    path("case-plans/<str:pk>/services/new/", views.service_add, name="service-add"),
    path("case-plans/<str:pk>/cft-meetings/new/", views.cft_meeting_add, name="cft-add"),
    path("case-plans/<str:pk>/entered-in-error/", views.plan_void, name="plan-void"),
    path("case-plan-services/<str:pk>/status/", views.service_status, name="service-status"),
    path("case-plan-services/<str:pk>/entered-in-error/", views.service_void, name="service-void"),
    path("case-plan-meetings/<str:pk>/correct/", views.cft_meeting_correct, name="cft-correct"),
    path("case-plan-meetings/<str:pk>/entered-in-error/", views.cft_meeting_void, name="cft-void"),
]
