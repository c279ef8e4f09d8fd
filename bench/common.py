"""Helpers for benchmarks: a throwaway SQLite database (or $DATABASE_URL) and timing."""

import os
import statistics
import tempfile
import time


def setup_django(db_name="bench"):
    """Configure Django against a fresh database so a benchmark never touches real data."""
    if not os.environ.get("DATABASE_URL"):
        path = os.path.join(tempfile.mkdtemp(prefix="netral-bench-"), f"{db_name}.sqlite3")
        os.environ["SQLITE_PATH"] = path
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def report(name, value, unit):
    print(f"BENCH {name} {value:.1f} {unit}" if isinstance(value, float) else f"BENCH {name} {value} {unit}",
          flush=True)


def p95(samples):
    return statistics.quantiles(samples, n=100)[94] if len(samples) >= 20 else max(samples)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.elapsed = time.perf_counter() - self.start
