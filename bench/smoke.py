"""`make bench-smoke`: bench/explain.py and bench/scale.py at a tiny size on a scratch PostgreSQL database, so that
they keep working (CI runs this; the ministry-size runs are `make bench-explain` / `make bench-scale`).

The scratch database is `<name of $DATABASE_URL's database>_bench_smoke`, dropped and created here and dropped at
the end. Fails when a script fails or prints none of its BENCH lines.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TINY = {"BENCH_DASH_EMPLOYEES": "600", "BENCH_DASH_CONTENT": "3000", "BENCH_DASH_FINDINGS": "400",
        "BENCH_DASH_CASES": "100", "BENCH_SCALE_AUDIT": "3000", "BENCH_SCALE_SECONDS": "20", "BENCH_SCALE_USERS": "2",
        "BENCH_SCALE_WEB_WORKERS": "2", "BENCH_SCALE_INGEST": "200"}
EXPECT = {"bench.explain": ["explain_findings_none", "explain_audit_none", "explain_warnings"],
          "bench.scale": ["scale_dashboard_refresh", "scale_dashboard_cold_ministry", "scale_triage_rps",
                          "scale_dashboard_p95", "scale_case_p95", "scale_scan_ratio"]}


def admin(url, sql):
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql)


def redis_answers(url):
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except Exception:  # not installed, not running: the same for the smoke run
        return False


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("bench-smoke memerlukan PostgreSQL: setel DATABASE_URL=postgres://...")
    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench_smoke"
    scratch = urlunsplit(parts._replace(path="/" + name))
    admin(url, f'DROP DATABASE IF EXISTS "{name}"')
    admin(url, f'CREATE DATABASE "{name}"')
    env = dict(os.environ, DATABASE_URL=scratch, PYTHONPATH=str(ROOT), CONN_MAX_AGE="0", **TINY)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if not redis_answers(env.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/6")):
        print("PERINGATAN: Redis tidak menjawab; bagian ingest + scan (RQ) dari bench.scale dilewati.", flush=True)
        env["BENCH_SCALE_INGEST"] = "0"
        EXPECT["bench.scale"].remove("scale_scan_ratio")
    failed = []
    try:
        for module, names in EXPECT.items():
            print(f"== {module} (kecil)", flush=True)
            p = subprocess.run([sys.executable, "-m", module], cwd=ROOT, env=env, capture_output=True, text=True)
            lines = [line for line in p.stdout.splitlines() if line.startswith(("BENCH", "WARN"))]
            print("\n".join(lines), flush=True)
            missing = [n for n in names if not any(line.startswith(f"BENCH {n} ") for line in lines)]
            if p.returncode != 0 or missing:
                print(p.stdout[-3000:], p.stderr[-3000:], sep="\n", file=sys.stderr)
                failed.append(f"{module} (keluar {p.returncode}, tanpa {', '.join(missing) or '-'})")
    finally:
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if failed:
        sys.exit("bench-smoke gagal: " + "; ".join(failed))


if __name__ == "__main__":
    main()
