import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

REGISTRY: dict[str, tuple[Callable[["Timer"], None], float]] = {}


def benchmark(budget_ms: float) -> Callable[[Callable[["Timer"], None]], Callable[["Timer"], None]]:
    def register(fn: Callable[["Timer"], None]) -> Callable[["Timer"], None]:
        REGISTRY[f"{fn.__module__.removeprefix('bench.bench_')}.{fn.__name__}"] = (fn, budget_ms)
        return fn

    return register


@dataclass
class Result:
    name: str
    label: str
    runs: int
    median_ms: float
    p95_ms: float
    budget_ms: float
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.median_ms <= self.budget_ms


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
        samples.sort()
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        self.results.append(
            Result(self.name, label, repeat, statistics.median(samples), p95, self.budget_ms, note)
        )
        return value


def print_table(results: list[Result], vendor: str) -> None:
    header = ("benchmark", "case", "runs", "median ms", "p95 ms", "budget ms", "ok", "note")
    rows = [
        (
            r.name,
            r.label,
            str(r.runs),
            f"{r.median_ms:.2f}",
            f"{r.p95_ms:.2f}",
            f"{r.budget_ms:g}",
            "yes" if r.ok else "NO",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    print(f"database: {vendor}")
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)))
