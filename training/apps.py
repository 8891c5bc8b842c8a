from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Required CSEC training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import events

        from .services import seed_state_courses

        # Every county starts with the state's required CSEC courses, so its untrained workers show at once.
        events.county_created.subscribe(seed_state_courses)
