import logging

from celery import shared_task
from django.utils import timezone

from .heartbeat import heartbeat_record

log = logging.getLogger(__name__)


# Time limits: the soft one raises inside the task (a batch in progress rolls back, claimed e-mail waits for its
# lease to end), the hard one kills the process. The sweep also stops itself between batches a little before
# its soft limit, leaving whatever is left to the next tick. (Enforced by the prefork pool production runs.)
HEARTBEAT_SOFT_LIMIT, HEARTBEAT_HARD_LIMIT = 20, 30
SWEEP_SOFT_LIMIT, SWEEP_HARD_LIMIT = 240, 300
SWEEP_BUDGET = SWEEP_SOFT_LIMIT - 40


@shared_task(
    name="reporting.tasks.heartbeat",
    ignore_result=True,
    soft_time_limit=HEARTBEAT_SOFT_LIMIT,
    time_limit=HEARTBEAT_HARD_LIMIT,
)
def heartbeat() -> None:
    """Beat enqueues this every minute; a worker running it proves beat, broker and worker all work."""
    heartbeat_record(timezone.now())


@shared_task(
    name="reporting.tasks.sweep",
    ignore_result=True,
    soft_time_limit=SWEEP_SOFT_LIMIT,
    time_limit=SWEEP_HARD_LIMIT,
)
def sweep() -> None:
    """Alert every clock due by now (and remind those due soon), then send the e-mail; safe to run twice or on
    any number of workers at once."""
    from .enforcement import sweep as run_sweep

    result = run_sweep(timezone.now(), budget=SWEEP_BUDGET)
    if result.overdue_alerts or result.reminders or result.failures or result.clocks_started:
        log.info(
            "sweep: %s overdue alerts, %s reminders, %s e-mails, %s failures, %s reconfirmation clocks",
            result.overdue_alerts,
            result.reminders,
            result.emails_sent,
            result.failures,
            result.clocks_started,
        )
