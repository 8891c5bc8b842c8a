from django.core.management.base import BaseCommand

from reporting.enforcement import sweep


class Command(BaseCommand):
    help = "Run one sweep now: alert overdue clocks, remind those due soon, send pending e-mail."

    def handle(self, *args: object, **options: object) -> None:
        result = sweep()
        self.stdout.write(
            f"overdue alerts: {result.overdue_alerts}, reminders: {result.reminders}, "
            f"e-mails sent: {result.emails_sent}, failures: {result.failures}, "
            f"reconfirmation clocks started: {result.clocks_started}"
        )
