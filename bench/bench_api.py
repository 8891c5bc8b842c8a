"""Request cost of the endpoints every client calls first."""

from django.test import Client as HttpClient
from django.utils import timezone

from accounts.services import token_issue, user_create
from bench.harness import Timer, benchmark


@benchmark(budget_ms=25)
def token_auth_and_me(timer: Timer) -> None:
    user = user_create(
        username="bench_sw", password="bench-password-1", county_name="Bench", role="social_worker"
    )
    key, _ = token_issue(user, timezone.now())
    http = HttpClient()

    def me() -> None:
        answer = http.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}")
        assert answer.status_code == 200

    timer.measure("GET /api/v1/me/ with a token", me, repeat=50)


@benchmark(budget_ms=25)
def health(timer: Timer) -> None:
    from reporting.heartbeat import heartbeat_record

    heartbeat_record(timezone.now())
    http = HttpClient()
    timer.measure("GET /healthz (database, broker, beat)", lambda: http.get("/healthz"), repeat=30)
