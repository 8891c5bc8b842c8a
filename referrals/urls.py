from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("clients/", views.client_list, name="clients"),
    path("clients/<str:pk>/", views.client_detail, name="client"),
    path("clients/<str:pk>/edit/", views.client_edit, name="client-edit"),
    path("clients/<str:pk>/csec-rows/", views.csec_row_add, name="csec-row-add"),
    path("csec-rows/<str:pk>/end/", views.csec_row_end, name="csec-row-end"),
    path("referrals/new/", views.intake, name="intake"),
    path("referrals/<str:pk>/", views.referral_detail, name="referral"),
    path("referrals/<str:pk>/decision/", views.referral_decision, name="referral-decision"),
    path("referrals/<str:pk>/contacts/", views.referral_contact, name="referral-contact"),
    path("referrals/<str:pk>/allegations/", views.referral_allegation, name="referral-allegation"),
    path("allegations/<str:pk>/finding/", views.allegation_finding, name="allegation-finding"),
]
