from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Counties, agencies and users"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The audit export's Celery task lives beside the export, not in `tasks`: import it so workers know it.
        from . import audit_jobs  # noqa: F401
