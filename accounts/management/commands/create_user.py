from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import Privilege
from accounts.services import AccountError, user_create
from kernel.roles import Role


class Command(BaseCommand):
    help = "Create a county user (the county is created when it does not exist)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--county", required=True, help="county name; created when missing")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--supervisor", help="username of the user's supervisor, in the same county")
        parser.add_argument("--privilege", action="append", default=[], choices=Privilege.values)
        parser.add_argument(
            "--totp-secret", help="Base32 secret: enrolls a confirmed TOTP device (6 digits, 30 s)"
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = user_create(
                username=options["username"],
                password=options["password"],
                county_name=options["county"],
                role=options["role"],
                supervisor_username=options["supervisor"],
                privileges=options["privilege"],
                totp_secret=options["totp_secret"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except AccountError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {user.username} ({user.get_role_display()}) in {user.county}.")
