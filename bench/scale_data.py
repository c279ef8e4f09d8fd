"""Ministry-size data in a PostgreSQL database, built once and reused (`bench/explain.py`, `bench/scale.py`).

The data is what `bench.dashboard.build()` makes (20 Kanwil x 25 UPT, employees with accounts, attendance and
pacts, content items, findings, cases with deadlines and sanctions, risk points), generated on the server by
`bench.scale_build` (one INSERT ... SELECT per big table, secondary indexes created after the load), plus what the
list pages need besides: an Admin at the ministry and Tim Pengawas at a Kanwil, and a large audit log
(`BENCH_SCALE_AUDIT` entries, default 2,000,000, written with one INSERT ... SELECT; the entries are for the list
pages' queries, their hashes are not a valid chain).

Sizes: `BENCH_SCALE=1` is 100,000 employees, 1,000,000 content items, 50,000 findings, 5,000 cases; `BENCH_SCALE=5`
and `10` multiply each. Tiny runs (the smoke test) set `BENCH_DASH_*` and `BENCH_SCALE_AUDIT` directly.

`python -m bench.scale_data` builds into `$DATABASE_URL` when the database holds no bench data yet (the marker is the
unit `MIN`), otherwise does nothing; `--force` is not offered: drop and create the database to build again.
"""

import os
import sys

SCALE = int(os.environ.get("BENCH_SCALE", "1"))
for _key, _base in (("EMPLOYEES", 100_000), ("CONTENT", 1_000_000), ("FINDINGS", 50_000), ("CASES", 5_000)):
    os.environ.setdefault(f"BENCH_DASH_{_key}", str(_base * SCALE))
AUDIT = int(os.environ.get("BENCH_SCALE_AUDIT", str(2_000_000 * SCALE)))

USERS = {  # key -> (username, role, unit code)
    "ministry": ("menteri", "pimpinan", "MIN"),
    "kanwil": ("kakanwil", "pimpinan", "KW3"),
    "operator": ("operator", "operator", "KW1-U15"),
    "admin": ("admin-bench", "admin", "MIN"),
    "pengawas": ("pengawas-bench", "pengawas", "KW3"),
}


def setup():
    """Django against $DATABASE_URL (never a throwaway database: the point is to reuse it), migrated."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench skala memerlukan PostgreSQL: setel DATABASE_URL=postgres://...")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def built():
    from netral.core.models import OrgUnit

    return OrgUnit.objects.filter(code="MIN").exists()


def add_audit_log(count):
    """`count` audit entries spread over the units, models and actions, in one statement."""
    from django.db import connection

    from netral.core.models import AuditEntry

    table = AuditEntry._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {table}")
        start = cur.fetchone()[0]
        cur.execute(f"""
            INSERT INTO {table} (seq, at, actor_id, actor_name, action, model, object_pk, object_repr, unit_path,
                                 before, after, note, prev_hash, hash)
            SELECT %s + g, TIMESTAMPTZ '2024-06-01' + (g * INTERVAL '9 seconds'), NULL, 'bench',
                   (ARRAY['create','update','update','event'])[1 + g %% 4],
                   (ARRAY['monitoring.finding','people.employee','cases.case','monitoring.contentitem',
                          'pledges.integritypact'])[1 + g %% 5],
                   (g %% 100000)::text, 'objek ' || g, u.path, NULL, '{{}}'::jsonb, '', repeat('0', 64),
                   repeat('0', 64)
            FROM generate_series(1, %s) AS g
            JOIN (SELECT path, row_number() OVER (ORDER BY path) - 1 AS i FROM core_orgunit) u
              ON u.i = g %% (SELECT COUNT(*) FROM core_orgunit)
        """, [start, count])


def sync_head():
    """Point the chain's head at the newest entry, so that what the benches write (a token, scans) appends after
    the generated entries. (The generated entries carry no real hashes: `verify_audit` fails on bench data.)"""
    from netral.core.models import AuditEntry, AuditHead

    last = AuditEntry.objects.order_by("-seq").values("seq", "hash").first()
    head = AuditHead.objects.filter(pk=1).first()
    if last and (head is None or head.seq < last["seq"]):
        AuditHead.objects.update_or_create(pk=1, defaults=last)


def ensure():
    """Build the data once; return the personas {key: User}."""
    from django.db import connection

    from bench.common import Timer
    from netral.core import audit
    from netral.core.models import OrgUnit, User

    if not built():
        from netral.people.models import Employee

        if Employee.objects.exists():  # never mix generated rows into a database with real data
            sys.exit("Basis data ini sudah berisi data yang bukan data bench; pakai basis data kosong tersendiri.")
        from bench import scale_build

        with Timer() as t:
            scale_build.build(*(int(os.environ[f"BENCH_DASH_{key}"])
                                for key in ("EMPLOYEES", "CONTENT", "FINDINGS", "CASES")), AUDIT, add_audit_log)
        print(f"# data built in {t.elapsed:.0f} s", flush=True)
        with audit.disabled():
            for username, role, code in USERS.values():
                User.objects.get_or_create(username=username,
                                           defaults={"role": role, "unit": OrgUnit.objects.get(code=code)})
        with Timer() as t, connection.cursor() as cur:  # fresh statistics, as a live database has
            cur.execute("VACUUM ANALYZE" if connection.get_autocommit() else "ANALYZE")
        print(f"# vacuum + analyze in {t.elapsed:.0f} s", flush=True)
    sync_head()
    return {key: User.objects.get(username=username) for key, (username, _r, _c) in USERS.items()}


def sizes():
    from netral.cases.models import Case
    from netral.core.models import AuditEntry
    from netral.monitoring.models import ContentItem, Finding
    from netral.people.models import Employee

    return {"employees": Employee.objects.count(), "content": ContentItem.objects.count(),
            "findings": Finding.objects.count(), "cases": Case.objects.count(), "audit": AuditEntry.objects.count()}


if __name__ == "__main__":
    setup()
    ensure()
    print("# sizes", sizes(), flush=True)
