import logging

from celery import shared_task
from django.utils import timezone

from .heartbeat import heartbeat_record

log = logging.getLogger(__name__)


@shared_task(name="reporting.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat enqueues this every minute; a worker running it proves beat, broker and worker all work."""
    heartbeat_record(timezone.now())


@shared_task(name="reporting.tasks.sweep", ignore_result=True)
def sweep() -> None:
    """Alert every clock due by now (and remind those due soon); safe to run twice or on two workers at once."""
    from .enforcement import sweep as run_sweep

    result = run_sweep(timezone.now())
    if result.overdue_alerts or result.reminders or result.failures:
        log.info(
            "sweep: %s overdue alerts, %s reminders, %s e-mails, %s failures",
            result.overdue_alerts,
            result.reminders,
            result.emails_sent,
            result.failures,
        )
