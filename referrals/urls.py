from django.urls import path

from . import caseload_views, correction_views, views

app_name = "referrals"
urlpatterns = [
    path("workers/", caseload_views.workers, name="workers"),
    path("workers/<str:pk>/close/", caseload_views.worker_close, name="worker-close"),
    path("clients/", views.client_list, name="clients"),
    path("clients/<str:pk>/", views.client_detail, name="client"),
    path("clients/<str:pk>/edit/", views.client_edit, name="client-edit"),
    path("clients/<str:pk>/csec-rows/", views.csec_row_add, name="csec-row-add"),
    path("csec-rows/<str:pk>/end/", views.csec_row_end, name="csec-row-end"),
    path("csec-rows/<str:pk>/correct/", correction_views.csec_row_correct, name="csec-row-correct"),
    path("csec-rows/<str:pk>/void/", correction_views.csec_row_void, name="csec-row-void"),
    path("referrals/new/", views.intake, name="intake"),
    path("referrals/<str:pk>/", views.referral_detail, name="referral"),
    path("referrals/<str:pk>/decision/", views.referral_decision, name="referral-decision"),
    path("referrals/<str:pk>/correct/", correction_views.referral_correct, name="referral-correct"),
    path("referrals/<str:pk>/void/", correction_views.referral_void, name="referral-void"),
    path("contacts/<str:pk>/correct/", correction_views.contact_correct, name="contact-correct"),
    path("contacts/<str:pk>/void/", correction_views.contact_void, name="contact-void"),
    path("referrals/<str:pk>/contacts/", views.referral_contact, name="referral-contact"),
    path("referrals/<str:pk>/allegations/", views.referral_allegation, name="referral-allegation"),
    path("allegations/<str:pk>/finding/", views.allegation_finding, name="allegation-finding"),
    path("allegations/<str:pk>/correct/", correction_views.allegation_correct, name="allegation-correct"),
    path("allegations/<str:pk>/void/", correction_views.allegation_void, name="allegation-void"),
]
