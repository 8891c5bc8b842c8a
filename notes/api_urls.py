from django.urls import path

from . import api

urlpatterns = [
    path("clients/<str:pk>/notes/", api.ClientNotesView.as_view(), name="client-notes"),
    path("notes/<str:pk>/", api.NoteDetailView.as_view(), name="note-detail"),
    path("notes/<str:pk>/void/", api.NoteVoidView.as_view(), name="note-void"),
]
