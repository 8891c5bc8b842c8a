"""The figures at the scale of Los Angeles (`python -m bench --scale la`), on a database `manage.py seed_scale`
filled: each with the same answer from raw SQL (or COPY) measured in the same run beside it.

- `GET dashboard/` as a supervisor and as the county admin: p95 <= 100 ms and <= 3x raw SQL.
- `GET clients/` page 50 against page 1 (a keyset cursor: page 50 costs what page 1 does): <= 1.5x.
- The audit export of the seeded month (about 2,000,000 rows) as its job writes it: at least half the speed of a
  COPY of the same rows with their changes computed in SQL (<= 2x its time), RSS growth <= 100 MB.
- `POST referrals/` under gunicorn with 20 clients at once: p95 <= 100 ms.
The sweep at this scale has its place in the run (LA_FIGURES in bench/__main__.py): it joins from its own module
by registering with `scale="la"`.

Whatever a figure writes is rolled back, or (the gunicorn figure, whose server must see committed rows) removed
by the figure itself: the seeded county is left as it was.
"""

import contextlib
import functools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.audit import AuditQuery, export_sql
from accounts.audit_jobs import ExportRequest, audit_export_request, audit_export_run, export_storage
from accounts.models import ApiToken, County, User
from bench.harness import Timer, benchmark
from caseplans.catalogue import VICTIM_SERVICES, ServiceCode
from caseplans.selectors import plan_due_days
from cse_casework.scale import previous_month
from kernel.roles import Role
from referrals.models import Client, Referral

ROOT = Path(__file__).resolve().parent.parent
COUNTY = os.environ.get("CSE_BENCH_LA_COUNTY", "Los Angeles")
UNBOUNDED = float("inf")
CONCURRENT = 20
REQUESTS_EACH = int(os.environ.get("CSE_BENCH_LA_REQUESTS_EACH", "25"))
LISTED = 200
PAGE_REPEAT = 40
DUE_SOON = timedelta(hours=24)
ON_TIME = timedelta(days=90)


def seeded_county_check() -> None:
    county = County.objects.filter(name=COUNTY).first()
    if county is None or Client.objects.filter(county=county).count() < 1_000:
        raise SystemExit(
            f"No seeded county {COUNTY!r} in {connection.settings_dict['NAME']}: run "
            "`python manage.py seed_scale --scale 1` against it first (DATABASE_URL), then `python -m bench --scale la`."
        )


def la_county() -> County:
    return County.objects.get(name=COUNTY)


def first_of(county: County, role: str) -> User:
    return User.objects.filter(county=county, role=role, is_active=True).order_by("username")[:1].get()


def fetched(cur: Any, sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    cur.execute(sql, params)
    return list(cur.fetchall())


# --- The dashboard --------------------------------------------------------------------------------------------


UNIT = "ARRAY(SELECT id FROM accounts_user WHERE supervisor_id = %(user)s UNION SELECT %(user)s)"


def unit_clause(user: User) -> str:
    """The clocks a supervisor oversees (their workers' and their own); a county admin, the county's."""
    return f"d.assigned_to_id = ANY({UNIT})" if user.role == Role.SUPERVISOR else "true"


def unit_children_clause(user: User) -> str:
    return f"c.assigned_worker_id = ANY({UNIT})" if user.role == Role.SUPERVISOR else "true"


def dashboard_raw(user: User) -> None:
    """The dashboard's answer straight from SQL: counts by kind and by worker, on-time rates, the first overdue
    and due-soon clocks with their children, the case-plan flags; and the reads it records."""
    county = user.county
    assert county is not None
    now = timezone.now()
    today = timezone.localdate(now, timezone=county.zone)
    params: dict[str, Any] = {
        "county": county.pk,
        "user": user.pk,
        "now": now,
        "soon": now + DUE_SOON,
        "since": now - ON_TIME,
        "today": today,
        "zone": county.time_zone,
        "due_days": plan_due_days(county),
        "victim": sorted(str(code) for code in VICTIM_SERVICES),
        "any": sorted(str(code) for code in ServiceCode),
    }
    unit = unit_clause(user)
    window = f"d.county_id = %(county)s AND {unit} AND d.met_at IS NULL AND d.cancelled_at IS NULL"
    with connection.cursor() as cur:
        fetched(
            cur,
            f"""SELECT d.kind, count(*) FILTER (WHERE d.due_at <= %(now)s), count(*) FILTER (WHERE d.due_at > %(now)s)
                FROM reporting_deadline d WHERE {window} AND d.due_at <= %(soon)s GROUP BY d.kind ORDER BY d.kind""",  # noqa: S608
            params,
        )
        fetched(
            cur,
            f"""SELECT u.id, u.username, u.first_name, u.last_name, count(*) FILTER (WHERE d.due_at <= %(now)s) AS o,
                       count(*) FILTER (WHERE d.due_at > %(now)s)
                FROM reporting_deadline d JOIN accounts_user u ON u.id = d.assigned_to_id
                WHERE {window} AND d.due_at <= %(soon)s GROUP BY u.id ORDER BY o DESC, u.username""",  # noqa: S608
            params,
        )
        fetched(
            cur,
            f"""SELECT d.kind, count(*), count(*) FILTER (WHERE d.met_late = false) FROM reporting_deadline d
                WHERE d.county_id = %(county)s AND {unit}
                  AND (d.met_at >= %(since)s OR (d.cancelled_reason = 'missed' AND d.cancelled_at >= %(since)s))
                GROUP BY d.kind ORDER BY d.kind""",  # noqa: S608
            params,
        )
        named = []
        for condition in ("d.due_at <= %(now)s", "d.due_at > %(now)s AND d.due_at <= %(soon)s"):
            rows = fetched(
                cur,
                f"""SELECT d.id, d.kind, d.client_id, c.first_name, c.last_name, d.assigned_to_id, d.due_at
                    FROM reporting_deadline d JOIN referrals_client c ON c.id = d.client_id
                    WHERE {window} AND {condition} ORDER BY d.due_at LIMIT {LISTED}""",  # noqa: S608
                params,
            )
            named += [row[2] for row in rows]
        flags = fetched(
            cur,
            f"""WITH open_rows AS (
                    SELECT r.client_id, r.csec_type,
                           greatest(r.start_date, (r.information_received_at AT TIME ZONE %(zone)s)::date) AS on_day
                    FROM referrals_csecrow r JOIN referrals_client c ON c.id = r.client_id
                    WHERE r.county_id = %(county)s AND {unit_children_clause(user)}
                      AND r.entered_in_error_at IS NULL AND r.start_date <= %(today)s
                      AND (r.end_date IS NULL OR r.end_date >= %(today)s)),
                identified AS (
                    SELECT client_id, bool_or(csec_type <> 'at_risk') AS victim, min(on_day) AS identified_on
                    FROM open_rows GROUP BY client_id)
                SELECT i.client_id, c.first_name, c.last_name
                FROM identified i JOIN referrals_client c ON c.id = i.client_id
                LEFT JOIN caseplans_caseplan p ON p.client_id = i.client_id AND p.entered_in_error_at IS NULL
                WHERE %(today)s > i.identified_on + %(due_days)s
                  AND (p.id IS NULL OR NOT EXISTS (
                       SELECT 1 FROM caseplans_plannedservice s WHERE s.case_plan_id = p.id
                          AND s.status <> 'declined' AND s.entered_in_error_at IS NULL
                          AND s.service_code = ANY(CASE WHEN i.victim THEN %(victim)s::text[] ELSE %(any)s::text[] END)))
                ORDER BY c.last_name, c.first_name""",  # noqa: S608
            params,
        )
        named += [row[0] for row in flags[:LISTED]]
        cur.execute(
            """INSERT INTO accounts_accessevent (id, county_id, user_id, at, record_type, record_id, via, path)
               SELECT gen_random_uuid(), %(county)s, %(user)s, %(now)s, 'referrals.client', client_id::text, 'api',
                      '/api/v1/dashboard/'
               FROM (SELECT DISTINCT unnest(%(named)s::uuid[]) AS client_id) named""",
            {**params, "named": named},
        )


@benchmark(budget_ms=100, scale="la")
def dashboard(timer: Timer) -> None:
    county = la_county()
    for role in (Role.SUPERVISOR, Role.COUNTY_ADMIN):
        user = first_of(county, role)
        http = HttpClient()
        http.force_login(user)

        def app(http: HttpClient = http) -> None:
            answer = http.get("/api/v1/dashboard/")
            assert answer.status_code == 200, answer.status_code

        timer.compare(
            f"GET dashboard/ as {Role(role).label.lower()} ({user.username})",
            app,
            functools.partial(dashboard_raw, user),
            repeat=20,
            gate="p95",
            budget_ratio=3,
        )


# --- The clients list, page 50 against page 1 ------------------------------------------------------------------


def clients_page_raw(county: County, user: User, after: tuple[Any, Any] | None) -> None:
    """The page's answer from SQL: 50 children after the cursor (newest first), their open CSEC types, and the
    reads the list records."""
    keyset = "AND (c.created_at, c.id) < (%(at)s, %(id)s)" if after else ""
    params: dict[str, Any] = {"county": county.pk, "user": user.pk, "now": timezone.now()}
    if after:
        params.update(at=after[0], id=after[1])
    with connection.cursor() as cur:
        rows = fetched(
            cur,
            f"""SELECT c.*, u.username FROM referrals_client c JOIN accounts_user u ON u.id = c.assigned_worker_id
                WHERE c.county_id = %(county)s {keyset} ORDER BY c.created_at DESC, c.id DESC LIMIT 51""",  # noqa: S608
            params,
        )
        ids = [row[0] for row in rows[:50]]
        fetched(cur, "SELECT * FROM referrals_csecrow WHERE client_id = ANY(%(ids)s)", {"ids": ids})
        cur.execute(
            """INSERT INTO accounts_accessevent (id, county_id, user_id, at, record_type, record_id, via, path)
               SELECT gen_random_uuid(), %(county)s, %(user)s, %(now)s, 'referrals.client', id::text, 'api',
                      '/api/v1/clients/' FROM unnest(%(ids)s::uuid[]) AS id""",
            {**params, "ids": ids},
        )


@benchmark(budget_ms=UNBOUNDED, scale="la")
def clients_pages(timer: Timer) -> None:
    county = la_county()
    admin = first_of(county, Role.COUNTY_ADMIN)
    http = HttpClient()
    http.force_login(admin)
    first = "/api/v1/clients/?page_size=50"
    url = first
    for _ in range(49):
        url = http.get(url).json()["next"]
    after = (
        Client.objects.filter(county=county)
        .order_by("-created_at", "-id")
        .values_list("created_at", "id")[49 * 50 - 1]
    )

    def getter(path: str) -> Callable[[], None]:
        def get() -> None:
            answer = http.get(path)
            assert answer.status_code == 200 and len(answer.json()["results"]) == 50

        return get

    children = Client.objects.filter(county=county).count()
    runs = {
        "page 1": getter(first),
        "page 50": getter(url),
        "raw 1": lambda: clients_page_raw(county, admin, None),
        "raw 50": lambda: clients_page_raw(county, admin, after),
    }
    queries = {}
    for label, run in runs.items():  # warm each once; count the application's queries
        with CaptureQueriesContext(connection) as captured:
            run()
        queries[label] = len(captured)
    samples: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(PAGE_REPEAT):  # in turns, so page 1 and page 50 see the same machine
        for label, run in runs.items():
            start = time.perf_counter()
            run()
            samples[label].append((time.perf_counter() - start) * 1000)
    one = timer.record(
        f"GET clients/ page 1 (50 of {children:,}, county admin)",
        samples["page 1"],
        raw=samples["raw 1"],
        queries=queries["page 1"],
    )
    fifty = timer.record(
        "GET clients/ page 50 (by the cursor of page 49)",
        samples["page 50"],
        raw=samples["raw 50"],
        queries=queries["page 50"],
    )
    assert fifty.raw_median_ms is not None and one.raw_median_ms and fifty.ratio is not None
    fifty.note = (
        f"page 50 / page 1 = {fifty.median_ms / one.median_ms:.2f}; raw SQL page 50 / page 1 = "
        f"{fifty.raw_median_ms / one.raw_median_ms:.2f}; page 50 / its raw SQL = {fifty.ratio:.2f}"
    )
    fifty.ratio, fifty.ratio_against, fifty.budget_ratio = fifty.median_ms / one.median_ms, "page 1", 1.5


# --- The audit export ------------------------------------------------------------------------------------------


class RssPeak:
    """The process's resident memory, sampled while a block runs: its growth at the peak (MB)."""

    def __init__(self) -> None:
        self.before = rss_mb()
        self.peak = self.before
        self.running = True
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.1)

    @property
    def growth(self) -> float:
        return self.peak - self.before


@contextlib.contextmanager
def rss_watched() -> Iterator[RssPeak]:
    watch = RssPeak()
    watch.thread.start()
    try:
        yield watch
    finally:
        watch.running = False
        watch.thread.join()
        watch.peak = max(watch.peak, rss_mb())


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def copy_time(sql: str, params: list[object]) -> tuple[float, int]:
    """COPY (sql) TO STDOUT, read and dropped: (ms, rows)."""
    with connection.cursor() as cur:
        cur.execute("SET LOCAL TIME ZONE 'UTC'")
        cur.execute("SET LOCAL work_mem = '128MB'")
        cur.execute("SET LOCAL jit = off")
        raw = cur.cursor
        start = time.perf_counter()
        with raw.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
            for _block in copy:
                pass
        return (time.perf_counter() - start) * 1000, raw.rowcount


def plain_sql(query: AuditQuery) -> tuple[str, list[object]]:
    """The same rows without their changes: each history row's own columns as they are, and the reads."""
    from simple_history.utils import get_history_model_for_model

    from accounts.audit import county_lookup, tracked_models, window_rows

    parts, params = [], []
    for model in tracked_models():
        if county_lookup(model) is None:
            continue
        history = get_history_model_for_model(model)
        rows_sql, rows_params = window_rows(model, query)
        parts.append(
            f"SELECT h.history_date AS at, to_jsonb(h)::text AS line FROM {history._meta.db_table} h "  # noqa: S608
            f"WHERE h.history_id IN (SELECT history_id FROM ({rows_sql}) AS listed(history_id, record_id))"
        )
        params += rows_params
    start, end = query.window
    parts.append(
        "SELECT e.at, to_jsonb(e)::text FROM accounts_accessevent e WHERE e.county_id = %s AND e.at >= %s AND e.at < %s"
    )
    params += [query.county.pk, start, end]
    return f"SELECT line FROM ({' UNION ALL '.join(parts)}) rows ORDER BY at", params  # noqa: S608


@benchmark(budget_ms=UNBOUNDED, scale="la")
def audit_export(timer: Timer) -> None:
    county = la_county()
    admin = first_of(county, Role.COUNTY_ADMIN)
    since, until = previous_month(timezone.now(), county.zone)
    days = int(os.environ.get("CSE_BENCH_LA_EXPORT_DAYS", "0"))
    first_day, last_day = since.date(), (until - timedelta(days=1)).date()
    if days:
        last_day = first_day + timedelta(days=days - 1)
    query = AuditQuery(county=county, since=first_day, until=last_day)
    plain_ms, plain_rows = copy_time(*plain_sql(query))  # also warms the cache for both runs below
    raw_ms, raw_rows = copy_time(*export_sql(query))
    export = audit_export_request(admin=admin, wanted=ExportRequest(since=first_day, until=last_day))
    with rss_watched() as memory, CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        done = audit_export_run(str(export.pk))
        app_ms = (time.perf_counter() - start) * 1000
    queries = len(captured)
    assert done is not None and done.status == "done", done and done.error
    export_storage().delete(done.file_name)
    rows = done.rows_written
    # The job's file also holds its own record's two history rows (asked for, started).
    assert rows - raw_rows in (0, 1, 2), (rows, raw_rows)
    timer.record(
        f"audit export {first_day} to {last_day} as its job writes it ({rows:,} rows)",
        [app_ms],
        gate="median",
        raw=[raw_ms],
        budget_ratio=2.0,
        queries=queries,
        limits_ok=memory.growth <= 100,
        note=(
            f"{rows / app_ms * 1000:,.0f} rows/s; COPY with the changes in SQL {raw_rows / raw_ms * 1000:,.0f} rows/s; "
            f"plain COPY {plain_rows / plain_ms * 1000:,.0f} rows/s; RSS growth {memory.growth:.0f} MB at the peak "
            f"(budget 100 MB); {queries} queries, of which progress updates once a second"
        ),
    )


# --- Referral create under gunicorn, 20 clients at once --------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def gunicorn_serving(scratch: Path) -> Iterator[str]:
    """The web server as production runs it (sync workers, two per core and one), on a free port."""
    port = free_port()
    workers = int(os.environ.get("CSE_BENCH_LA_WEB_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cse_casework.settings",
        "DATABASE_URL": database_url(),
        "DATABASE_CONN_MAX_AGE": "60",
        "CSE_VAR_DIR": str(scratch),
        # Production settings (DEBUG off), served over plain HTTP on loopback.
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # the tokens issued here are fingerprinted with it
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    command = [sys.executable, "-m", "gunicorn", "cse_casework.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "60"]
    with (scratch / "gunicorn.log").open("ab") as log:
        # A fixed command (this interpreter running gunicorn); its own session, so that stopping it stops all.
        server = subprocess.Popen(  # noqa: S603
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not answers(f"{base}/healthz/live"):
            if time.monotonic() > deadline:
                raise RuntimeError((scratch / "gunicorn.log").read_text()[-3000:])
            time.sleep(0.3)
        yield base
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - the local server started here
            return bool(response.status == 200)
    except OSError:
        return False


def post_referral(base: str, token: str, client_id: str) -> float:
    """One `POST referrals/`: its latency (ms)."""
    body = json.dumps(
        {
            "client": client_id,
            "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
            "receiving_agency": "child_welfare",
            "source": "hotline",
            "alleges_cse": False,
            "narrative": "Benchmark referral.",
        }
    )
    request = urllib.request.Request(  # noqa: S310 - the local server started here
        f"{base}/api/v1/referrals/",
        data=body.encode(),
        method="POST",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        response.read()
        assert response.status == 201, response.status
    return (time.perf_counter() - start) * 1000


def concurrently(base: str, token: str, client_id: str, each: int = REQUESTS_EACH) -> list[float]:
    latencies: list[float] = []
    failures: list[BaseException] = []

    def client() -> None:
        try:
            for _ in range(each):
                latencies.append(post_referral(base, token, client_id))
        except BaseException as failure:
            failures.append(failure)

    threads = [threading.Thread(target=client) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return latencies


def referral_create_raw(worker: User, child: Client) -> float:
    """The same answer from SQL: the referral's row and its history row (rolled back): ms."""
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cur:
        start = time.perf_counter()
        cur.execute(
            """INSERT INTO referrals_referral (id, county_id, created_at, created_by_id, client_id, received_at,
                   receiving_agency, source, reporter_name, reporter_contact, narrative, alleges_cse,
                   response_decision, response_decision_reason, late_entry_reason, entered_in_error_reason)
               VALUES (gen_random_uuid(), %s, %s, %s, %s, %s, 'child_welfare', 'hotline', '', '',
                       'Benchmark referral.', false, '', '', '', '') RETURNING *""",
            [worker.county_id, now, worker.pk, child.pk, now - timedelta(hours=1)],
        )
        cur.fetchone()
        cur.execute(
            """INSERT INTO referrals_historicalreferral (id, created_at, received_at, receiving_agency, source,
                   reporter_name, reporter_contact, narrative, alleges_cse, response_decision,
                   response_decision_reason, response_decided_at, late_entry_reason, entered_in_error_at,
                   entered_in_error_reason, client_id, county_id, created_by_id, response_decided_by_id,
                   entered_in_error_by_id, history_date, history_change_reason, history_type, history_user_id)
               SELECT id, created_at, received_at, receiving_agency, source, reporter_name, reporter_contact,
                      narrative, alleges_cse, response_decision, response_decision_reason, response_decided_at,
                      late_entry_reason, entered_in_error_at, entered_in_error_reason, client_id, county_id,
                      created_by_id, response_decided_by_id, entered_in_error_by_id, %s, 'referral received', '+', %s
               FROM referrals_referral WHERE created_at = %s AND created_by_id = %s""",
            [now, worker.pk, now, worker.pk],
        )
        elapsed = (time.perf_counter() - start) * 1000
        transaction.set_rollback(True)
    return elapsed


def app_queries(worker: User, child: Client) -> int:
    """The queries of one `POST referrals/` in this process (rolled back)."""
    http = HttpClient()
    http.force_login(worker)
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        answer = http.post(
            "/api/v1/referrals/",
            {
                "client": str(child.pk),
                "received_at": (timezone.now() - timedelta(hours=1)).isoformat(),
                "receiving_agency": "child_welfare",
                "source": "hotline",
                "alleges_cse": False,
                "narrative": "Benchmark referral.",
            },
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
        transaction.set_rollback(True)
    return len(captured)


def remove_what_the_benchmark_wrote(worker: User, since: Any, token: ApiToken) -> None:
    made = Referral.objects.filter(created_by=worker, created_at__gte=since, narrative="Benchmark referral.")
    ids = list(made.values_list("pk", flat=True))
    with connection.cursor() as cur:
        cur.execute("DELETE FROM referrals_historicalreferral WHERE id = ANY(%s)", [ids])
        cur.execute("DELETE FROM referrals_referralcode WHERE referral_id = ANY(%s)", [ids])
        cur.execute("DELETE FROM referrals_referral WHERE id = ANY(%s)", [ids])
    token.delete()


@benchmark(budget_ms=100, committed=True, scale="la")
def referral_create(timer: Timer) -> None:
    import tempfile

    county = la_county()
    worker = first_of(county, Role.SOCIAL_WORKER)
    child = Client.objects.filter(assigned_worker=worker).order_by("created_at").first()
    assert child is not None
    token, key = ApiToken.issue(worker, timezone.now())
    since = timezone.now()
    try:
        with (
            tempfile.TemporaryDirectory(prefix="cse-bench-la-") as scratch,
            gunicorn_serving(Path(scratch)) as base,
        ):
            concurrently(base, key, str(child.pk), each=2)  # warm every worker and its connection
            alone = sorted(post_referral(base, key, str(child.pk)) for _ in range(40))
            latencies = concurrently(base, key, str(child.pk))
        raw = [referral_create_raw(worker, child) for _ in range(50)]
        timer.record(
            f"POST referrals/ under gunicorn, {CONCURRENT} clients at once ({len(latencies)} requests)",
            latencies,
            gate="p95",
            raw=raw,
            queries=app_queries(worker, child),
            note=(
                f"gunicorn sync workers: {os.environ.get('CSE_BENCH_LA_WEB_WORKERS', 2 * (os.cpu_count() or 1) + 1)}"
                f" on {os.cpu_count()} cores; one client at a time: median {alone[len(alone) // 2]:.1f} ms,"
                f" p95 {alone[int(0.95 * (len(alone) - 1))]:.1f} ms"
            ),
        )
    finally:
        remove_what_the_benchmark_wrote(worker, since, token)
