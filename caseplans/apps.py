from django.apps import AppConfig


class CaseplansConfig(AppConfig):
    name = "caseplans"
    verbose_name = "Case plans and services for identified children"
    default_auto_field = "django.db.models.BigAutoField"
