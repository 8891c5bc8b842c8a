"""Run the benchmarks on a throwaway PostgreSQL database and print one table.

Each benchmark is a function decorated with `@benchmark(budget_ms=...)` in a `bench/bench_*.py` module. It
receives a `Timer` and calls `timer.measure(label, fn, repeat=N)` after setting up its data; the table shows the
median and 95th percentile per label and whether the median meets the budget. Exit status 1 if any misses.
"""

import importlib
import os
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.harness import Result, Timer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_casework.settings_test")
os.environ.setdefault("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cse_bench")


def main() -> int:
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench.harness import REGISTRY, print_table

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"bench.{info.name}")
    only = sys.argv[1:]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    results = []
    try:
        for name, (fn, budget_ms) in REGISTRY.items():
            if only and not any(word in name for word in only):
                continue
            results.extend(fn_run(fn, name, budget_ms))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print_table(results, vendor=connection.vendor)
    return 0 if all(r.ok for r in results) else 1


def fn_run(fn: "Callable[[Timer], object]", name: str, budget_ms: float) -> "list[Result]":
    from django.db import transaction

    from bench.harness import Timer

    timer = Timer(name, budget_ms)
    with transaction.atomic():
        fn(timer)
        transaction.set_rollback(True)
    return timer.results


if __name__ == "__main__":
    raise SystemExit(main())
