from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cse_casework.scale import SCALE_PASSWORD, ScaleSeedError, seed_scale


class Command(BaseCommand):
    help = (
        "Seed a county at the size of Los Angeles (at --scale 1: about 100,000 children, 170,000 referrals, "
        "300,000 clocks, and a million history rows and a million access events in the last whole month) with "
        "set-based inserts, for the benchmarks (`python -m bench --scale la`). PostgreSQL only; use a fresh "
        "database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0, help="1 is Los Angeles; 0.1 a tenth of it.")
        parser.add_argument("--county", default="Los Angeles", help="The county to create and fill.")
        parser.add_argument("--prefix", default="la", help="Usernames start with this and an underscore.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            raise CommandError("seed_scale writes with PostgreSQL's set-based inserts: set DATABASE_URL.")
        self.stdout.write(f"Seeding {options['county']} at scale {options['scale']:g}...")
        try:
            summary = seed_scale(
                scale=options["scale"],
                county_name=options["county"],
                prefix=options["prefix"],
                log=self.stdout.write,
            )
        except ScaleSeedError as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"Seeded {summary.county} in {summary.seconds:.0f} s.")
        month = f"{summary.month_start:%Y-%m-%d} to {summary.month_end:%Y-%m-%d}"
        for label, count in summary.counts.items():
            self.stdout.write(f"  {label:<28} {count:>10,}")
        self.stdout.write(f"The export month: {month} (the county's zone).")
        self.stdout.write(f"Logins (password for all: {SCALE_PASSWORD}):")
        for username, role in summary.logins:
            self.stdout.write(f"  {username:<16} {role}")
