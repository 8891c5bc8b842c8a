import logging

from celery import shared_task
from django.utils import timezone

from .county_users import unused_accounts_close

log = logging.getLogger(__name__)


@shared_task(
    name="accounts.tasks.close_unused_accounts", ignore_result=True, soft_time_limit=240, time_limit=300
)
def close_unused_accounts() -> int:
    """Close every account unused for ACCOUNT_UNUSED_DAYS (beat runs it hourly); safe to run twice at once."""
    closed = unused_accounts_close(timezone.now())
    if closed:
        log.info("Closed %d account(s) unused for too long.", closed)
    return closed
