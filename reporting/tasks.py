from celery import shared_task
from django.utils import timezone

from .heartbeat import heartbeat_record


@shared_task(name="reporting.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Beat enqueues this every minute; a worker running it proves beat, broker and worker all work."""
    heartbeat_record(timezone.now())
