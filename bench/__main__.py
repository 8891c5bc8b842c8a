"""Run the benchmarks on a throwaway PostgreSQL database and print one table.

Each benchmark is a function decorated with `@benchmark(budget_ms=...)` in a `bench/bench_*.py` module. It
receives a `Timer` and calls `timer.measure(label, fn, repeat=N)` after setting up its data (or `timer.record`
with timings it observed itself); the table shows the median, 95th and 99th percentiles per label and whether
the budgeted figure (the median, or the 99th percentile of a latency) meets the budget. Exit status 1 if any
misses. A benchmark runs in a transaction rolled back after it, unless `committed=True` (a real worker must see
its rows): then the database is emptied after it.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.harness import Registered, Result

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
        for name, registered in REGISTRY.items():
            if only and not any(word in name for word in only):
                continue
            results.extend(fn_run(registered, name))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print_table(results, vendor=connection.vendor)
    return 0 if all(r.ok for r in results) else 1


def fn_run(registered: "Registered", name: str) -> "list[Result]":
    from django.core.management import call_command
    from django.db import transaction

    from bench.harness import Timer

    timer = Timer(name, registered.budget_ms)
    if registered.committed:
        try:
            registered.fn(timer)
        finally:
            call_command("flush", interactive=False, verbosity=0)  # the next benchmark starts from empty
        return timer.results
    with transaction.atomic():
        registered.fn(timer)
        transaction.set_rollback(True)
    return timer.results


if __name__ == "__main__":
    raise SystemExit(main())
