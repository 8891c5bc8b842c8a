from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Required CSEC training"
    default_auto_field = "django.db.models.BigAutoField"
