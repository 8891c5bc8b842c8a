from django.urls import path

from . import api

urlpatterns = [
    path("screenings/", api.ScreeningListView.as_view(), name="screening-list"),
    path("screenings/rule/", api.ScreeningRuleView.as_view(), name="screening-rule"),
    path("screenings/<str:pk>/", api.ScreeningDetailView.as_view(), name="screening-detail"),
    path("screenings/<str:pk>/void/", api.ScreeningVoidView.as_view(), name="screening-void"),
    path(
        "screenings/<str:pk>/document-at-risk/",
        api.ScreeningDocumentAtRiskView.as_view(),
        name="screening-document-at-risk",
    ),
]
