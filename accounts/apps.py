from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Counties, agencies and users"
    default_auto_field = "django.db.models.BigAutoField"
