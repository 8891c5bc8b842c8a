from django.urls import path

from . import api

urlpatterns = [
    path("clients/<str:client_id>/petitions/", api.ClientPetitionsView.as_view(), name="client-petitions"),
    path("petitions/<str:pk>/", api.PetitionDetailView.as_view(), name="petition-detail"),
    path("petitions/<str:pk>/void/", api.PetitionVoidView.as_view(), name="petition-void"),
]
