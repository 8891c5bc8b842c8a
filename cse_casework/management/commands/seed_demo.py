from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_COUNTY, DEMO_PASSWORD
from cse_casework.demo import demo_seed


class Command(BaseCommand):
    help = "Seed a demo county with one user of each role and sample cases. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            users = demo_seed()
        self.stdout.write(f"Demo county: {DEMO_COUNTY}. Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<16} {user.get_role_display()}")
