import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Registered:
    fn: Callable[["Timer"], None]
    budget_ms: float
    # False: the benchmark runs in a transaction rolled back after it. True: it commits (another process, such
    # as a real Celery worker, must see its rows) and the database is emptied after it; in the LA run nothing is
    # emptied (the seeded county stays): a committed LA benchmark removes what it wrote itself.
    committed: bool = False
    # "": the small default run, on a throwaway database. "la": the run on a database `manage.py seed_scale`
    # filled (`python -m bench --scale la`), whatever bench_*.py module the benchmark lives in.
    scale: str = ""


REGISTRY: dict[str, Registered] = {}


def benchmark(
    budget_ms: float, *, committed: bool = False, scale: str = ""
) -> Callable[[Callable[["Timer"], None]], Callable[["Timer"], None]]:
    def register(fn: Callable[["Timer"], None]) -> Callable[["Timer"], None]:
        name = f"{fn.__module__.removeprefix('bench.bench_')}.{fn.__name__}"
        REGISTRY[name] = Registered(fn, budget_ms, committed, scale)
        return fn

    return register


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted `samples`."""
    return samples[min(len(samples) - 1, round(fraction * (len(samples) - 1)))]


@dataclass
class Result:
    name: str
    label: str
    runs: int
    median_ms: float
    p95_ms: float
    budget_ms: float
    note: str = ""
    p99_ms: float | None = None
    # Which figure the budget holds: the median of request timings; the 95th or 99th percentile of a latency.
    gate: str = "median"
    # Beside the application's figure, the same answer from raw SQL (or COPY) measured in the same run, and the
    # ratio of the gated figures (application over `ratio_against`, raw SQL unless said), with its budget.
    raw_median_ms: float | None = None
    raw_p95_ms: float | None = None
    ratio: float | None = None
    ratio_against: str = "raw SQL"
    budget_ratio: float | None = None
    queries: int | None = None
    # Another limit the benchmark checked itself (memory, say), described in the note.
    limits_ok: bool = True

    @property
    def measured_ms(self) -> float:
        if self.gate == "p99" and self.p99_ms is not None:
            return self.p99_ms
        return self.p95_ms if self.gate == "p95" else self.median_ms

    @property
    def ok(self) -> bool:
        within_ratio = self.budget_ratio is None or (
            self.ratio is not None and self.ratio <= self.budget_ratio
        )
        return self.measured_ms <= self.budget_ms and within_ratio and self.limits_ok

    @property
    def budget(self) -> str:
        parts = [f"{self.gate} <= {self.budget_ms:g} ms"] if self.budget_ms != float("inf") else []
        if self.budget_ratio is not None:
            parts.append(f"<= {self.budget_ratio:g}x {self.ratio_against}")
        return ", ".join(parts)


class Timer:
    def __init__(self, name: str, budget_ms: float) -> None:
        self.name = name
        self.budget_ms = budget_ms
        self.results: list[Result] = []

    def measure(
        self,
        label: str,
        fn: Callable[[], Any],
        repeat: int = 20,
        note: str = "",
        setup: Callable[[], Any] | None = None,
    ) -> Any:
        """Time `fn` `repeat` times after one warm-up run; `setup`, when given, runs untimed before each."""
        prepare = setup or (lambda: None)
        prepare()
        fn()  # warm caches and connections once
        samples = []
        value = None
        for _ in range(repeat):
            prepare()
            start = time.perf_counter()
            value = fn()
            samples.append((time.perf_counter() - start) * 1000)
        self.record(label, samples, note=note)
        return value

    def record(
        self,
        label: str,
        samples: list[float],
        note: str = "",
        gate: str = "median",
        *,
        raw: list[float] | None = None,
        budget_ms: float | None = None,
        budget_ratio: float | None = None,
        queries: int | None = None,
        limits_ok: bool = True,
    ) -> Result:
        """Add timings measured some other way (in ms), e.g. latencies observed from outside a process; `raw`,
        the same answer's timings from raw SQL, gives the ratio of the gated figures."""
        samples = sorted(samples)
        result = Result(
            self.name,
            label,
            len(samples),
            statistics.median(samples),
            percentile(samples, 0.95),
            self.budget_ms if budget_ms is None else budget_ms,
            note,
            p99_ms=percentile(samples, 0.99),
            gate=gate,
            budget_ratio=budget_ratio,
            queries=queries,
            limits_ok=limits_ok,
        )
        if raw:
            raw = sorted(raw)
            result.raw_median_ms = statistics.median(raw)
            result.raw_p95_ms = percentile(raw, 0.95)
            gated_raw = result.raw_p95_ms if gate == "p95" else result.raw_median_ms
            result.ratio = result.measured_ms / gated_raw if gated_raw else None
        self.results.append(result)
        return result

    def compare(
        self,
        label: str,
        app: Callable[[], Any],
        raw: Callable[[], Any],
        *,
        repeat: int = 20,
        gate: str = "p95",
        budget_ms: float | None = None,
        budget_ratio: float | None = None,
        note: str = "",
    ) -> Result:
        """Time the application's answer and the same answer from raw SQL, in turns (so both see the same
        machine), after one warm-up run of each; the application's queries are counted on its warm-up run."""
        with CaptureQueriesContext(connection) as captured:
            app()
        queries = len(captured)  # now: each request the runs below make clears the connection's query log
        raw()
        app_samples, raw_samples = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            app()
            app_samples.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            raw()
            raw_samples.append((time.perf_counter() - start) * 1000)
        return self.record(
            label,
            app_samples,
            note,
            gate,
            raw=raw_samples,
            budget_ms=budget_ms,
            budget_ratio=budget_ratio,
            queries=queries,
        )


def print_figures(results: list[Result], vendor: str, missing: list[str]) -> None:
    """The LA run's table: each figure with raw SQL beside it, the ratio, the queries and the budget."""
    header = (
        "figure",
        "case",
        "runs",
        "median ms",
        "p95 ms",
        "raw SQL ms",
        "ratio",
        "queries",
        "budget",
        "ok",
    )
    rows: list[tuple[str, ...]] = [
        (
            r.name,
            r.label,
            str(r.runs),
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            "" if r.raw_median_ms is None else f"{r.raw_median_ms:.1f} / {r.raw_p95_ms:.1f}",
            "" if r.ratio is None else f"{r.ratio:.2f}x {r.ratio_against}",
            "" if r.queries is None else str(r.queries),
            r.budget,
            "yes" if r.ok else "NO",
        )
        for r in results
    ]
    rows += [(name, "not measured: no benchmark registered with scale='la'", *[""] * 8) for name in missing]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    print(f"database: {vendor}; raw SQL ms is median / p95; ratio compares the gated figures")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)))
    for r in results:
        if r.note:
            print(f"  {r.name} / {r.label}: {r.note}")


def print_table(results: list[Result], vendor: str) -> None:
    header = ("benchmark", "case", "runs", "median ms", "p95 ms", "p99 ms", "budget ms", "ok", "note")
    rows = [
        (
            r.name,
            r.label,
            str(r.runs),
            f"{r.median_ms:.2f}",
            f"{r.p95_ms:.2f}",
            "" if r.p99_ms is None else f"{r.p99_ms:.2f}",
            f"{r.budget_ms:g}" + (" (p99)" if r.gate == "p99" else ""),
            "yes" if r.ok else "NO",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    print(f"database: {vendor}")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)))
