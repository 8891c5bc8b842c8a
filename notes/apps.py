from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "notes"
    verbose_name = "Case notes"
    default_auto_field = "django.db.models.BigAutoField"
