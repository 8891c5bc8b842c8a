from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Clients, referrals and the CSEC record"
    default_auto_field = "django.db.models.BigAutoField"
