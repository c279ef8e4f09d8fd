"""`make bench-explain`: EXPLAIN (ANALYZE, BUFFERS) of what the big list pages really ask PostgreSQL.

Each list page (content, findings/triage, employees, cases, audit) is requested through Django's test client as a
logged-in persona, once per filter the page offers, under `CaptureQueriesContext`; every SELECT the request issued
(the page's rows, its count for the pagination, the filter form's choices, the scope lookups) is run again under
`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)`. Prints one line per page and filter:

    BENCH explain_<list>_<filter> <ms> ms      (the sum of the server's execution times of the page's SELECTs)

and a `WARN` line, with the query and the plan's offending node, for
- a `Seq Scan` on a big table (more than BIG_TABLE_ROWS rows in the planner's statistics) that runs to its end, or
- any scan node that reads more than READ_LIMIT rows (returned + removed by its filter, over all loops): a
  whole-table COUNT or DISTINCT, a filter without an index, a hashed EXISTS over a whole table.
A scan that a LIMIT stops early (no sort, hash or aggregate between them: the page's 50 rows, the capped count of
`core.pagination`, which reads at most LIST_COUNT_CAP + 1 matching rows) reads what the limit needs, not the
table; it is flagged only past LIMITED_READ_LIMIT rows (a filter so rare that the early stop never comes, a deep
OFFSET).
The exit status is 1 when anything was flagged (`--warn-only` keeps it 0).

Data: `bench.scale_data` (ministry size by default, built once into $DATABASE_URL and reused; PostgreSQL only).
Limits: BENCH_EXPLAIN_BIG_TABLE (100000), BENCH_EXPLAIN_READ_LIMIT (25000), BENCH_EXPLAIN_LIMITED_READ_LIMIT
(100000). `-v` prints every plan.
"""

import json
import os
import sys

BIG_TABLE_ROWS = int(os.environ.get("BENCH_EXPLAIN_BIG_TABLE", "100000"))
READ_LIMIT = int(os.environ.get("BENCH_EXPLAIN_READ_LIMIT", "25000"))
LIMITED_READ_LIMIT = int(os.environ.get("BENCH_EXPLAIN_LIMITED_READ_LIMIT", "100000"))
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan"}


def pages(ids):
    """(list, filter, persona, path, GET parameters): every filter each big list page offers."""
    kw, upt, stage, assignee = ids["kanwil"], ids["upt"], ids["stage"], ids["assignee"]
    content = [("none", {}), ("q", {"q": "h12"}), ("platform", {"platform": "x"}),
               ("interaction", {"interaction": "share"}), ("attributed_yes", {"attributed": "yes"}),
               ("attributed_no", {"attributed": "no"}), ("page50", {"page": "50"})]
    findings = [("none", {}), ("status_all", {"status": "all"}), ("status_confirmed", {"status": "confirmed"}),
                ("label", {"label": "hoax"}), ("unit", {"unit": kw}), ("platform", {"platform": "tiktok"}),
                ("phase", {"phase": "campaign"}), ("min_score", {"min_score": "0.9"}),
                ("dates", {"date_from": "2024-10-01", "date_to": "2024-10-07"}), ("order_doubt", {"order": "doubt"}),
                ("all_page40", {"status": "all", "page": "40"}), ("phase_label", {"phase": "campaign",
                                                                                   "label": "partisan"})]
    employees = [("none", {}), ("q_name", {"q": "Pegawai 1234"}), ("q_number", {"q": "19800101"}),
                 ("unit", {"unit": upt}), ("type", {"type": "pns"}), ("position_class", {"position_class": "fungsional"}),
                 ("accounts_yes", {"accounts": "ya"}), ("accounts_no", {"accounts": "tidak"}),
                 ("inactive", {"active": "tidak"}), ("all_page50", {"active": "semua", "page": "50"})]
    cases = [("none", {}), ("q", {"q": "Kasus 12"}), ("state", {"state": "verification"}), ("unit", {"unit": kw}),
             ("skb", {"skb": "socmed_campaign"}), ("stage", {"stage": stage}), ("assignee", {"assignee": assignee}),
             ("overdue", {"overdue": "on"}), ("page20", {"page": "20"})]
    audit = [("none", {}), ("q", {"q": "objek 123"}), ("model", {"model": "cases.case"}),
             ("action", {"action": "event"}), ("actor", {"actor": "operator"}),
             ("dates", {"date_from": "2024-07-01", "date_to": "2024-07-02"}), ("units", {"scope": "units"}),
             ("national", {"scope": "national"}), ("page100", {"page": "100"})]
    out = []
    for name, filters in content:
        out.append(("content", name, "admin", "/pemantauan/konten/", filters))
    out.append(("content", "operator", "operator", "/pemantauan/konten/", {}))
    for name, filters in findings:
        out.append(("findings", name, "admin", "/pemantauan/", filters))
    out.append(("findings", "kanwil", "pengawas", "/pemantauan/", {}))
    for name, filters in employees:
        out.append(("employees", name, "admin", "/pegawai/", filters))
    out.append(("employees", "operator", "operator", "/pegawai/", {}))
    for name, filters in cases:
        out.append(("cases", name, "admin", "/kasus/", filters))
    out.append(("cases", "kanwil", "pengawas", "/kasus/", {}))
    for name, filters in audit:
        out.append(("audit", name, "admin", "/audit/", filters))
    out.append(("audit", "kanwil", "kanwil", "/audit/", {}))
    return out


def table_rows():
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        return dict(cur.fetchall())


# Nodes that read all of their input before giving a row: a scan below one of them is not stopped by a LIMIT above.
BLOCKING = {"Sort", "Hash", "Aggregate", "Materialize", "SetOp", "WindowAgg", "Bitmap Heap Scan"}


def walk(node, limited=False):
    """(node, limited) for every node: limited when a LIMIT above stops it early (no blocking node between)."""
    kind = node.get("Node Type")
    yield node, limited
    below = True if kind == "Limit" else (False if kind in BLOCKING else limited)
    for child in node.get("Plans", []):
        # A subplan runs on its own: a hashed one reads all of its input once, a correlated one once per row.
        yield from walk(child, False if child.get("Parent Relationship") in ("SubPlan", "InitPlan") else below)


def problems(plan, sizes):
    """What in one plan (FORMAT JSON, ANALYZE) reads too much. A scan that a LIMIT stops early (the page's rows,
    the capped count) reads what the limit needs, not the table: it is only flagged past LIMITED_READ_LIMIT."""
    found = []
    for node, limited in walk(plan["Plan"]):
        kind = node.get("Node Type")
        if kind not in SCANS:
            continue
        loops = node.get("Actual Loops", 1)
        read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                + node.get("Rows Removed by Index Recheck", 0)) * loops
        table = node.get("Relation Name") or node.get("Index Name", "")
        limit = LIMITED_READ_LIMIT if limited else READ_LIMIT
        if kind == "Seq Scan" and sizes.get(table, 0) > BIG_TABLE_ROWS and not limited:
            found.append(f"Seq Scan on {table} ({int(sizes[table])} rows), read {read}")
        elif read > limit:
            found.append(f"{kind} on {table} reads {read} rows" + (" (under a LIMIT)" if limited else ""))
    return found


def explain_page(client, path, params, sizes, verbose=False):
    """(total ms, [(sql, problems)]) for one request of the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params, HTTP_HOST="localhost")
    if response.status_code != 200:
        raise SystemExit(f"{path} {params}: HTTP {response.status_code}")
    total, flagged = 0.0, []
    with connection.cursor() as cur:
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
            plan = cur.fetchone()[0]
            plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]
            total += plan["Planning Time"] + plan["Execution Time"]
            found = problems(plan, sizes)
            if found or verbose:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                text = "\n".join(r[0] for r in cur.fetchall())
                flagged.append((sql, found, text))
    return total, flagged


def personas_and_ids(users):
    from netral.cases.models import Case
    from netral.core.models import OrgUnit
    from netral.elections.models import Stage

    assignee = Case.objects.exclude(assignee=None).values_list("assignee_id", flat=True).first()
    return {"kanwil": OrgUnit.objects.get(code="KW5").pk, "upt": OrgUnit.objects.get(code="KW7-U3").pk,
            "stage": Stage.objects.filter(phase="campaign").values_list("pk", flat=True).first() or "",
            "assignee": assignee or users["pengawas"].pk}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    from bench.scale_data import ensure, setup, sizes as data_sizes

    setup()
    from django.test import Client

    from bench.common import report

    users = ensure()
    ids = personas_and_ids(users)
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    sizes = table_rows()
    verbose = "-v" in argv
    warnings = 0
    for lst, name, who, path, params in pages(ids):
        client = clients[who]
        client.get(path, params, HTTP_HOST="localhost")  # warm: the cache of a live server, the pages read once
        ms, flagged = explain_page(client, path, params, sizes, verbose)
        report(f"explain_{lst}_{name}", round(ms, 1), "ms")
        for sql, found, text in flagged:
            for f in found:
                warnings += 1
                print(f"WARN explain_{lst}_{name}: {f}", flush=True)
            if found or verbose:
                print(f"# {sql}\n" + "\n".join(f"#   {line}" for line in text.splitlines()), flush=True)
    report("explain_size", "/".join(str(v) for v in data_sizes().values()),
           "employees/content/findings/cases/audit")
    report("explain_warnings", warnings, "count")
    if warnings and "--warn-only" not in argv:
        sys.exit(1)


if __name__ == "__main__":
    main()
