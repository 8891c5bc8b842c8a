from django.urls import path

from . import api, correction_api

urlpatterns = [
    path("clients/", api.ClientListView.as_view(), name="client-list"),
    path("clients/<str:pk>/", api.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<str:pk>/csec-types/", api.ClientCsecRowsView.as_view(), name="client-csec-types"),
    path("csec-types/<str:pk>/", api.CsecRowDetailView.as_view(), name="csec-type-detail"),
    path("csec-types/<str:pk>/void/", correction_api.CsecRowVoidView.as_view(), name="csec-type-void"),
    path("referrals/", api.ReferralListView.as_view(), name="referral-list"),
    path("referrals/<str:pk>/", api.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<str:pk>/void/", correction_api.ReferralVoidView.as_view(), name="referral-void"),
    path(
        "referrals/<str:pk>/response-decision/",
        api.ResponseDecisionView.as_view(),
        name="referral-response-decision",
    ),
    path("referrals/<str:pk>/contacts/", api.ContactListView.as_view(), name="referral-contacts"),
    path("referrals/<str:pk>/allegations/", api.AllegationListView.as_view(), name="referral-allegations"),
    path("allegations/<str:pk>/", api.AllegationDetailView.as_view(), name="allegation-detail"),
    path("allegations/<str:pk>/void/", correction_api.AllegationVoidView.as_view(), name="allegation-void"),
    path("contacts/<str:pk>/", correction_api.ContactDetailView.as_view(), name="contact-detail"),
    path("contacts/<str:pk>/void/", correction_api.ContactVoidView.as_view(), name="contact-void"),
]
