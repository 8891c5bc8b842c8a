"""Run the benchmarks and print one table.

`python -m bench [names]` (`make bench`): the small default, on a throwaway PostgreSQL database. Each benchmark is
a function decorated with `@benchmark(budget_ms=...)` in a `bench/bench_*.py` module. It receives a `Timer` and
calls `timer.measure(label, fn, repeat=N)` after setting up its data (or `timer.record` with timings it observed
itself); the table shows the median, 95th and 99th percentiles per label and whether the budgeted figure (the
median, or the 99th percentile of a latency) meets the budget. Exit status 1 if any misses. A benchmark runs in a
transaction rolled back after it, unless `committed=True` (a real worker must see its rows): then the database is
emptied after it.

`python -m bench --scale la [names]` (`make bench SCALE=la`): the figures at the scale of Los Angeles, on the
database `manage.py seed_scale` filled (`LA_DATABASE_URL`, else `DATABASE_URL`, else the local `cse_la`); nothing
is created or emptied. A benchmark joins this run with `@benchmark(..., scale="la")` from any bench_*.py module;
`timer.compare(label, app, raw)` times the application's answer and the same answer from raw SQL in turns, and the
table prints both, their ratio, the application's query count and the budget. LA_FIGURES below is the order of
the run, with a place for each figure: one not registered yet is listed as not measured.
"""

import importlib
import os
import pkgutil
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.harness import Registered, Result

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LA_DATABASE = "postgres://postgres@127.0.0.1:5432/cse_la"
# The LA run's figures, in order: a benchmark is placed by the first of these words its name holds.
LA_FIGURES = ("dashboard", "clients", "sweep", "audit_export", "referral_create")


def parse(argv: list[str]) -> tuple[str, list[str]]:
    """(`--scale`, the names asked for)."""
    scale = ""
    names = []
    words = iter(argv)
    for word in words:
        if word == "--scale":
            scale = next(words, "")
        elif word.startswith("--scale="):
            scale = word.split("=", 1)[1]
        else:
            names.append(word)
    if scale not in ("", "default", "la"):
        raise SystemExit(f"unknown scale {scale!r}: the default (none) or la")
    return ("" if scale == "default" else scale), names


def configure(scale: str) -> None:
    if scale == "la":
        os.environ["DJANGO_SETTINGS_MODULE"] = "cse_casework.settings"
        os.environ["DATABASE_URL"] = (
            os.environ.get("LA_DATABASE_URL") or os.environ.get("DATABASE_URL") or LA_DATABASE
        )
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cse_casework.settings_test")
        os.environ.setdefault("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cse_bench")


def main() -> int:
    scale, only = parse(sys.argv[1:])
    configure(scale)
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from bench.harness import REGISTRY, print_figures, print_table

    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("bench_"):
            importlib.import_module(f"bench.{info.name}")
    chosen = {
        name: registered
        for name, registered in REGISTRY.items()
        if registered.scale == scale and (not only or any(word in name for word in only))
    }
    setup_test_environment()
    if scale == "la":
        from django.conf import settings

        settings.DEBUG = False  # as production runs: no query log kept for every statement
        try:
            results = run_la(chosen)
        finally:
            teardown_test_environment()
        missing = [word for word in LA_FIGURES if not only and not any(word in name for name in chosen)]
        print_figures(results, connection.vendor, missing)
        return 0 if results and all(r.ok for r in results) else 1
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    results = []
    try:
        for name, registered in chosen.items():
            results.extend(fn_run(registered, name))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print_table(results, vendor=connection.vendor)
    return 0 if all(r.ok for r in results) else 1


def run_la(chosen: "dict[str, Registered]") -> "list[Result]":
    from bench.bench_la import seeded_county_check

    seeded_county_check()

    def place(name: str) -> int:
        return next((i for i, word in enumerate(LA_FIGURES) if word in name), len(LA_FIGURES))

    results = []
    for name in sorted(chosen, key=place):
        print(f"running {name}...", flush=True)
        try:
            results.extend(fn_run(chosen[name], name, flush=False))
        except Exception as failure:  # the others still run; this one is a miss, with its error
            traceback.print_exc()
            results.append(failed(name, chosen[name], failure))
    return results


def failed(name: str, registered: "Registered", failure: Exception) -> "Result":
    from bench.harness import Result

    return Result(
        name,
        f"failed: {type(failure).__name__}: {failure}"[:200],
        0,
        0.0,
        0.0,
        registered.budget_ms,
        limits_ok=False,
    )


def fn_run(registered: "Registered", name: str, *, flush: bool = True) -> "list[Result]":
    from django.core.management import call_command
    from django.db import transaction

    from bench.harness import Timer

    timer = Timer(name, registered.budget_ms)
    if registered.committed:
        try:
            registered.fn(timer)
        finally:
            if flush:
                call_command("flush", interactive=False, verbosity=0)  # the next benchmark starts from empty
        return timer.results
    with transaction.atomic():
        registered.fn(timer)
        transaction.set_rollback(True)
    return timer.results


if __name__ == "__main__":
    raise SystemExit(main())
