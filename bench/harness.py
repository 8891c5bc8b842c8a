import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Registered:
    fn: Callable[["Timer"], None]
    budget_ms: float
    # False: the benchmark runs in a transaction rolled back after it. True: it commits (another process, such
    # as a real Celery worker, must see its rows) and the database is emptied after it.
    committed: bool = False


REGISTRY: dict[str, Registered] = {}


def benchmark(
    budget_ms: float, *, committed: bool = False
) -> Callable[[Callable[["Timer"], None]], Callable[["Timer"], None]]:
    def register(fn: Callable[["Timer"], None]) -> Callable[["Timer"], None]:
        name = f"{fn.__module__.removeprefix('bench.bench_')}.{fn.__name__}"
        REGISTRY[name] = Registered(fn, budget_ms, committed)
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
    # Which figure the budget holds: the median of request timings; the 99th percentile of a latency promise.
    gate: str = "median"

    @property
    def ok(self) -> bool:
        measured = self.p99_ms if self.gate == "p99" and self.p99_ms is not None else self.median_ms
        return measured <= self.budget_ms


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

    def record(self, label: str, samples: list[float], note: str = "", gate: str = "median") -> None:
        """Add timings measured some other way (in ms), e.g. latencies observed from outside a process."""
        samples = sorted(samples)
        self.results.append(
            Result(
                self.name,
                label,
                len(samples),
                statistics.median(samples),
                percentile(samples, 0.95),
                self.budget_ms,
                note,
                p99_ms=percentile(samples, 0.99),
                gate=gate,
            )
        )


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
