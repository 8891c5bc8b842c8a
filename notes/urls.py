from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "notes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("clients/<str:client_id>/notes/", views.notes_page, name="list"),
    path("clients/<str:client_id>/notes/new/", views.note_new, name="new"),
    path("notes/<str:pk>/", views.note_detail, name="note"),
    path("notes/<str:pk>/correct/", views.note_correct, name="correct"),
    path("notes/<str:pk>/void/", views.note_void, name="void"),
]
