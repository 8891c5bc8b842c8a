from django.urls import path

from . import api

urlpatterns = [
    path("training/courses/", api.CourseListView.as_view(), name="training-courses"),
    path("training/courses/<str:pk>/", api.CourseDetailView.as_view(), name="training-course"),
    path("training/completions/", api.CompletionListView.as_view(), name="training-completions"),
    path("training/compliance/", api.ComplianceView.as_view(), name="training-compliance"),
    path("training/compliance.csv", api.ComplianceCsvView.as_view(), name="training-compliance-csv"),
    path("training/me/", api.OwnTrainingView.as_view(), name="training-me"),
]
