"""`/healthz`: can the clocks be enforced? Database, broker, and when beat last ticked."""

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kernel.roles import Role
from reporting.heartbeat import heartbeat_last

from .celery import app as celery_app


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_broker() -> dict[str, Any]:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "transport": str(transport)}


def check_beat() -> dict[str, Any]:
    try:
        last = heartbeat_last()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__, "last_beat_at": None}
    if last is None:
        return {"ok": False, "last_beat_at": None, "age_seconds": None}
    age = (timezone.now() - last).total_seconds()
    return {
        "ok": age <= settings.BEAT_STALE_AFTER.total_seconds(),
        "last_beat_at": last.isoformat(),
        "age_seconds": round(age, 1),
    }


def may_see_details(request: HttpRequest) -> bool:
    """The checks' details (versions, error names, beat's last tick) are for a signed-in county admin or the
    Django staff; a monitor without an account reads the status code and which check failed."""
    user = request.user
    return bool(user.is_authenticated and (user.is_staff or getattr(user, "role", None) == Role.COUNTY_ADMIN))


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "broker": check_broker(), "beat": check_beat()}
    healthy = all(check["ok"] for check in checks.values())
    if not may_see_details(request):
        checks = {name: {"ok": check["ok"]} for name, check in checks.items()}
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503)
