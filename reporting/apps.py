from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = "Clocks, reports, notifications and audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import triggers

        triggers.subscribe()
