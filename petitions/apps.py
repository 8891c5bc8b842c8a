from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "petitions"
    verbose_name = "Dependency petitions and the parents' protective behaviours"
    default_auto_field = "django.db.models.BigAutoField"
