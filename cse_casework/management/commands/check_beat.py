from typing import Any

from django.core.management.base import BaseCommand, CommandError

from cse_casework.health import check_beat


class Command(BaseCommand):
    help = "Exit non-zero when beat's heartbeat is missing or stale (a container health check)."

    def handle(self, *args: Any, **options: Any) -> None:
        beat = check_beat()
        if not beat["ok"]:
            raise CommandError(f"beat is not ticking: {beat}")
        self.stdout.write(f"beat ticked {beat['age_seconds']} s ago")
