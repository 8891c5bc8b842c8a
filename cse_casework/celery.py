"""The Celery app and its one beat schedule.

Beat only ever enqueues short periodic tasks. Deadlines are rows in PostgreSQL swept every 15 seconds, never
delayed tasks (no eta/countdown), so a lost broker, worker or beat loses nothing.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_casework.settings")

app = Celery("cse_casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Once a minute in production; the integration tests shorten it to see several ticks quickly.
TICK_SECONDS = float(os.environ.get("CSE_BEAT_TICK_SECONDS", "60"))
# The sweep ticks more often: a clock falling due waits for the next tick, and an overdue clock must be alerted
# within 60 s at the 99th percentile (`make bench` measures it). A quiet sweep costs a few milliseconds.
SWEEP_SECONDS = float(os.environ.get("CSE_SWEEP_TICK_SECONDS", str(min(TICK_SECONDS, 15.0))))

app.conf.beat_schedule = {
    "heartbeat": {
        "task": "reporting.tasks.heartbeat",
        "schedule": TICK_SECONDS,
        "options": {"expires": TICK_SECONDS},
    },
    # Finds every clock due since the last tick in PostgreSQL; a lost tick only delays alerts to the next one.
    "sweep": {
        "task": "reporting.tasks.sweep",
        "schedule": SWEEP_SECONDS,
        "options": {"expires": SWEEP_SECONDS},
    },
    # Accounts nobody has used for ACCOUNT_UNUSED_DAYS are closed; hourly, so a missed run costs an hour.
    "close-unused-accounts": {
        "task": "accounts.tasks.close_unused_accounts",
        "schedule": 60 * 60,
        "options": {"expires": 60 * 60},
    },
}
