from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "petitions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<str:client_id>/petitions/new/", views.petition_new, name="new"),
    path("petitions/<str:pk>/", views.petition_detail, name="detail"),
    path("petitions/<str:pk>/correct/", views.petition_correct, name="correct"),
    path("petitions/<str:pk>/entered-in-error/", views.petition_void, name="void"),
]
