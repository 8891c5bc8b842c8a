from typing import Any

from django.core.management.base import BaseCommand

from accounts.models import County
from training.services import seed_state_courses


class Command(BaseCommand):
    help = "Seed the state's CSEC courses (ACL 16-85 part IV) in every county that lacks them. Safe to rerun."

    def handle(self, *args: Any, **options: Any) -> None:
        for county in County.objects.all():
            present = seed_state_courses(county)
            self.stdout.write(f"{county}: {len(present)} state courses present")
