from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screening for the risk of exploitation"
    default_auto_field = "django.db.models.BigAutoField"
