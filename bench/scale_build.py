"""The ministry-size data of `bench/scale_data.py`, generated on the PostgreSQL server.

The same shapes and distributions as `bench.dashboard.build()` (the ORM builder, still used for the SQLite dashboard
bench), but the big tables are filled with one `INSERT ... SELECT` over `generate_series` each, with their secondary
indexes dropped first and created again after (constraints stay, their foreign keys unchecked while loading when the
role may do that: the rows are generated consistent). The small rows (units, personas, election and stages, the
socialisation event, the pact template, risk points) go through the ORM as before.

What each big table gets (n = number of UPTs, 500; "random" draws from PostgreSQL's `random()` after `setseed`):
employees (`EMPLOYEES`, round-robin over the UPTs, ppnpn, `P<i>`/`Pegawai <i>`), social accounts (60 % of them, a
random platform), attendance at the one socialisation (70 %), a pact each (60 % signed), content items (`CONTENT`,
round-robin over the UPTs, random platform, 5,000 handles, posted at a random minute from June to December 2024,
captured in insertion order), a scan and a finding for the first `FINDINGS` items (the item's unit, platform and
time; 70 % partisan, 20 % hate, 10 % hoax, random score and SKB item, status new/new/confirmed/dismissed), cases
(`CASES`, random state and opening time, decided 2-30 days later when closed), a verification deadline each, a
sanction for each sanctioned case, and every tenth case linked to a finding.
"""

import time

SKB = ["socmed_campaign", "post_comment_share_like", "photo_with_candidate", "partisan_activity", "attend_campaign"]
PLATFORMS = "ARRAY['x','facebook','instagram','tiktok']"
BIG_MODELS = ("people.Employee", "people.SocialAccount", "pledges.Attendance", "pledges.IntegrityPact",
              "monitoring.ContentItem", "monitoring.ScanResult", "monitoring.Finding", "cases.Case", "cases.Deadline",
              "cases.Sanction", "core.AuditEntry")


def pick(array_sql):
    """A random element of an SQL array literal."""
    return f"({array_sql})[1 + floor(random() * cardinality({array_sql}))::int]"


def insert_select(cur, model, values, source, params=()):
    """`INSERT INTO <model> (...) SELECT ... FROM <source>`: `values` maps columns to SQL expressions over the
    source; every other NOT NULL column gets the field's Django default (as the ORM would write it)."""
    from django.db import connection
    from django.utils import timezone

    cols, exprs, args = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.column in values:
            cols.append(f.column)
            exprs.append(values[f.column].replace("%", "%%"))  # the values hold no parameters
        elif not f.null:
            value = timezone.now() if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) \
                else f.get_default()
            cols.append(f.column)
            exprs.append("%s")
            args.append(f.get_db_prep_save(value, connection))
    sql = (f"INSERT INTO {model._meta.db_table} ({', '.join(cols)}) "  # noqa: S608 (model metadata, constants)
           f"SELECT {', '.join(exprs)} FROM {source}")
    started = time.perf_counter()
    cur.execute(sql, [*args, *params])
    print(f"#   {model._meta.db_table}: {cur.rowcount} rows in {time.perf_counter() - started:.1f} s", flush=True)


def secondary_indexes(cur, tables):
    """(name, definition) of the indexes on `tables` that back no constraint (primary key, unique)."""
    cur.execute("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
    """, [list(tables)])
    return cur.fetchall()


def build(employees, content, findings, cases, audit_entries, add_audit_log):
    """Everything `bench.dashboard.build()` makes, plus the audit log, in one transaction."""
    from django.apps import apps
    from django.db import connection, transaction

    tables = [apps.get_model(label)._meta.db_table for label in BIG_MODELS]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cur.fetchone()[0]:  # foreign keys unchecked while loading (generated consistent); else checked
            cur.execute("SET LOCAL session_replication_role = replica")
        indexes = secondary_indexes(cur, tables)
        for name, _definition in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        small_rows()
        cur.execute("SELECT setseed(0.14)")
        big_rows(cur, employees, content, findings, cases)
        started = time.perf_counter()
        add_audit_log(audit_entries)
        print(f"#   core_auditentry: {audit_entries} rows in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        for _name, definition in indexes:
            cur.execute(definition)
        print(f"#   {len(indexes)} indexes created in {time.perf_counter() - started:.1f} s", flush=True)
        cur.execute("SET LOCAL session_replication_role = DEFAULT")


def small_rows():
    import random
    from datetime import UTC, date, datetime

    from bench.dashboard import KANWILS, UPTS
    from netral.core import audit
    from netral.core.models import OrgUnit, User
    from netral.elections.models import Election, Mitigation, RiskPoint, Stage
    from netral.pledges.models import Event, PactTemplate

    rng = random.Random(14)
    with audit.disabled():
        ministry = OrgUnit.objects.create(code="MIN", name="Kementerian", kind="ministry")
        kanwils, upts = [], []
        for k in range(KANWILS):
            kw = OrgUnit.objects.create(code=f"KW{k}", name=f"Kanwil {k}", kind="kanwil", parent=ministry)
            kanwils.append(kw)
            upts += [OrgUnit.objects.create(code=f"KW{k}-U{u}", name=f"Lapas {k}-{u}", kind="lapas", parent=kw)
                     for u in range(UPTS)]
        User.objects.create(username="menteri", role="pimpinan", unit=ministry)
        User.objects.create(username="kakanwil", role="pimpinan", unit=kanwils[3])
        User.objects.create(username="operator", role="operator", unit=upts[40])
        election = Election.objects.create(slug="pilkada-bench", kind="pilkada", name="Pilkada Bench",
                                           voting_day=date(2024, 11, 27))
        Stage.objects.create(election=election, name="Persiapan", start=date(2024, 5, 1), end=date(2024, 9, 24),
                             phase="preparation")
        campaign = Stage.objects.create(election=election, name="Kampanye", start=date(2024, 9, 25),
                                        end=date(2024, 11, 23), phase="campaign")
        Stage.objects.create(election=election, name="Rekapitulasi", start=date(2024, 11, 27),
                             end=date(2024, 12, 31), phase="counting")
        Event.objects.create(kind="sosialisasi", unit=ministry, election=election, title="Sosialisasi",
                             starts_at=datetime(2024, 9, 1, 2, tzinfo=UTC), place="Aula")
        PactTemplate.objects.create(election=election, unit=ministry, place="Jakarta")
        for u in upts[::5]:
            rp = RiskPoint.objects.create(unit=u, election=election, phase="campaign", stage=campaign,
                                          title="Kampanye medsos", likelihood=rng.randint(1, 5),
                                          impact=rng.randint(1, 5))
            Mitigation.objects.create(risk_point=rp, action="Patroli", status=rng.choice(["open", "done"]),
                                      due_on=date(2024, 10, 1))


def big_rows(cur, employees, content, findings, cases):
    from netral.cases.models import Case, Deadline, Sanction
    from netral.core.models import OrgUnit
    from netral.elections.models import Election
    from netral.monitoring.models import ContentItem, Finding, ScanResult
    from netral.people.models import Employee, SocialAccount
    from netral.pledges.models import Attendance, Event, IntegrityPact, PactTemplate

    upts = list(OrgUnit.objects.filter(kind="lapas").order_by("pk").values_list("pk", flat=True))
    n = len(upts)
    upt_array = "ARRAY[" + ",".join(str(pk) for pk in upts) + "]::bigint[]"
    election = Election.objects.get(slug="pilkada-bench").pk
    event = Event.objects.get(title="Sosialisasi", election_id=election).pk
    template = PactTemplate.objects.get(election_id=election).pk
    emp_table = Employee._meta.db_table

    # Employees, round-robin over the UPTs (employee i in upts[i % n]).
    insert_select(cur, Employee, {
        "unit_id": f"({upt_array})[1 + g % {n}]", "employment_type": "'ppnpn'", "internal_id": "'P' || g",
        "name": "'Pegawai ' || g"}, "generate_series(0, %s - 1) AS g ORDER BY g", [employees])
    insert_select(cur, SocialAccount, {
        "employee_id": "e.id", "platform": pick(PLATFORMS), "handle": "'a' || e.id"},
        f"{emp_table} e WHERE random() < 0.6 ORDER BY e.id")  # noqa: S608
    insert_select(cur, Attendance, {"event_id": str(event), "employee_id": "e.id", "method": "'import'"},
                  f"{emp_table} e WHERE random() < 0.7 ORDER BY e.id")  # noqa: S608
    insert_select(cur, IntegrityPact, {
        "template_id": str(template), "election_id": str(election), "employee_id": "e.id", "text": "'t'",
        "text_sha256": "repeat('0', 64)", "code": "'B' || lpad(e.id::text, 11, '0')",
        "status": "CASE WHEN random() < 0.6 THEN 'signed' ELSE 'pending' END",
        "signed_at": "TIMESTAMPTZ '2024-09-10 02:00+00'"}, f"{emp_table} e ORDER BY e.id")  # noqa: S608

    # Content items, round-robin over the UPTs, posted at a random minute of 2024-06-01 .. 2024-12-31.
    minutes = 213 * 24 * 60
    insert_select(cur, ContentItem, {
        "platform": pick(PLATFORMS), "external_id": "'b' || g", "handle": "'h' || (g % 5000)",
        "unit_id": f"({upt_array})[1 + g % {n}]", "text": "'teks'", "payload_sha256": "repeat('0', 64)",
        "fingerprint": "''",
        "posted_at": f"TIMESTAMPTZ '2024-06-01 00:00+00' + floor(random() * {minutes}) * INTERVAL '1 minute'",
        "captured_at": f"now() - ({content} - g) * INTERVAL '1 millisecond'"},
        "generate_series(0, %s - 1) AS g ORDER BY g", [content])

    # A scan and a finding for each of the first FINDINGS items.
    content_table, scan_table = ContentItem._meta.db_table, ScanResult._meta.db_table
    insert_select(cur, ScanResult, {
        "content_id": "c.id", "detector_version": "'bench'", "partisan": "true", "text_sha256": "repeat('0', 64)"},
        f"(SELECT id FROM {content_table} ORDER BY id LIMIT %s) c ORDER BY c.id", [findings])  # noqa: S608
    cur.execute(f"SELECT MIN(id), COUNT(*) FROM {emp_table}")  # noqa: S608
    emp_first, emp_count = cur.fetchone()
    skb = "ARRAY[" + ",".join(f"'{s}'" for s in SKB) + "]"
    insert_select(cur, Finding, {
        "content_id": "c.id", "scan_id": "s.id", "unit_id": "c.unit_id", "platform": "c.platform",
        "interaction": "'post'", "posted_at": "c.posted_at",
        "employee_id": f"{emp_first} + (c.id * 7) % {max(emp_count, 1)}",
        "partisan": "random() < 0.7", "hate": "random() < 0.2", "hoax": "random() < 0.1", "score": "random()",
        "skb_item": pick(skb), "status": pick("ARRAY['new','new','confirmed','dismissed']"),
        "created_at": "c.posted_at"},
        f"{scan_table} s JOIN {content_table} c ON c.id = s.content_id ORDER BY c.id")  # noqa: S608
    if not cases:
        return

    # Cases over the UPTs, a verification deadline each, a sanction per sanctioned case, every tenth from a finding.
    states = "ARRAY['received','verification','clarification','recommendation','sanctioned','not_proven','closed']"
    insert_select(cur, Case, {
        "number": "'B-' || g", "unit_id": f"({upt_array})[1 + g % {n}]", "title": "'Kasus ' || g",
        "state": "x.state", "opened_at": "x.opened",
        "decided_at": "CASE WHEN x.state IN ('sanctioned','not_proven','closed') "
                      "THEN x.opened + (2 + floor(random() * 29)) * INTERVAL '1 day' END"},
        f"(SELECT g, {pick(states)} AS state, TIMESTAMPTZ '2024-06-01 00:00+00' "
        f"+ floor(random() * {minutes}) * INTERVAL '1 minute' AS opened "
        "FROM generate_series(0, %s - 1) AS g) x ORDER BY g", [cases])
    case_table = Case._meta.db_table
    insert_select(cur, Deadline, {
        "case_id": "c.id", "key": "'verification'", "label": "'Verifikasi'",
        "start": "(c.opened_at AT TIME ZONE 'UTC')::date", "due": "(c.opened_at AT TIME ZONE 'UTC')::date + 7",
        "done_at": "c.decided_at",
        "met": "CASE WHEN c.decided_at IS NOT NULL THEN c.decided_at - c.opened_at < INTERVAL '8 days' END"},
        f"{case_table} c ORDER BY c.id")  # noqa: S608
    insert_select(cur, Sanction, {
        "case_id": "c.id", "employee_id": f"{emp_first} + substr(c.number, 3)::int % {max(emp_count, 1)}",
        "regime": "'discipline'", "tier": pick("ARRAY['ringan','sedang','berat']"), "kind": "'x'",
        "legal_basis": "'x'", "ppk_name": "'x'", "decree_number": "'SK' || substr(c.number, 3)",
        "decree_date": "(c.decided_at AT TIME ZONE 'UTC')::date"},
        f"{case_table} c WHERE c.state = 'sanctioned' ORDER BY c.id")  # noqa: S608
    finding_table = Finding._meta.db_table
    started = time.perf_counter()
    cur.execute(f"""
        UPDATE {finding_table} f SET case_id = c.id
        FROM (SELECT id, row_number() OVER (ORDER BY content_id) - 1 AS r FROM {finding_table}) ranked
        JOIN {case_table} c ON c.number = 'B-' || ranked.r
        WHERE f.id = ranked.id AND ranked.r %% %s = 0
    """, [10])  # noqa: S608
    print(f"#   findings linked to cases: {cur.rowcount} in {time.perf_counter() - started:.1f} s", flush=True)
