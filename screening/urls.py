from django.urls import URLPattern, URLResolver, path

from . import correction_views, views

app_name = "screening"
urlpatterns: list[URLPattern | URLResolver] = [
    path("screenings/new/", views.screening_new, name="new"),
    path("screenings/result/", views.screening_result, name="result"),
    path("screenings/<uuid:pk>/", views.screening_detail, name="detail"),
    path("screenings/<uuid:pk>/document-at-risk/", views.screening_document_at_risk, name="document-at-risk"),
    path("screenings/<uuid:pk>/correct/", correction_views.screening_correct, name="correct"),
    path("screenings/<uuid:pk>/void/", correction_views.screening_void, name="void"),
]
