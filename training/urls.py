from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("training/", views.my_training, name="mine"),
    path("training/compliance/", views.compliance, name="compliance"),
    path("training/compliance.csv", views.compliance_csv, name="compliance-csv"),
    path("training/courses/", views.courses, name="courses"),
]
