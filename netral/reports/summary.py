"""Precomputed per-unit counts of the monev figures that scan whole tables at ministry scope.

At a ministry (100,000 staff, 1,000,000 content items) the staff, pembinaan, account and content
figures of `figures.compute` join or scan every row of their tables on each request. The worker
keeps those counts per unit (and per office-time day where the figure depends on the period) in
`FigureCell`; `compute` sums the cells of the scope instead. Findings, cases and risk points are
always read directly (they change all day and are small enough).

Cells (key, ref, day → n, per unit), each the unit's own rows, as the direct queries count them:
- `staff:<type>`: active employees by employment type;
- `monitored`: active employees with a current account; `accounts:<platform>`: their current accounts;
- `reached` / `ikrar` (ref = election id, or 0 for "any election"): active employees by the day
  of the first socialisation / ikrar event they attended that counts for that election (the
  election's own events and those tied to none);
- `pacts` (ref = election): current (not superseded) pacts of active employees; `signed` (ref =
  election, day = signing day): signed pacts of active employees (pending = pacts − signed);
- `attended` (ref = event id): attendances of active employees at that event;
- `content` (day = posting day, else capture day): content items; `content:month` the same per
  calendar month (day = its first day), so that whole months of a period read one cell each.

Staleness, so that a figure never differs from the direct computation: changes and deletions of
domain objects are appended to the audit chain in the transaction that makes them (core/audit.py;
bulk paths too: roster import, attendance import, attribution of content), and new rows raise their
table's highest id even when their audit entry comes later (content imports). A build records the
chain's last entry and the highest id of each source table, taken before it reads anything.
`fresh()` accepts the cells only if no entry about a source model came after that entry, no source
table has a higher id (rows inserted with auditing off), and the office time zone and this module's
VERSION are the same; otherwise `compute` reads the tables directly, which is always right, only
slower. The scheduler job `refresh_figures` (every REPORT_SUMMARY_EVERY seconds; `manage.py
refresh_figures` by hand) brings stale cells up to date: when all that changed is new content items
(imports), by adding just those to the content cells, else by rebuilding every cell.
"""

import time as clock
from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Min, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

VERSION = 1

# Audit entries about these models make the cells stale: people.* and pledges.* (staff, accounts,
# attendance, pacts, events, roster imports), monitoring.content* (items; imports; the anchoring entry
# each stored chunk of items gets in its own transaction, see monitoring/store.py) and core.orgunit.
# Appending takes a lock held to the commit, so an entry committed after a build's stamp always has a
# higher seq, even on PostgreSQL where ids of concurrent transactions commit out of order.
SOURCE_PREFIXES = ("people.", "pledges.", "monitoring.content", "core.orgunit")


def _sources():
    from netral.elections.models import Election
    from netral.monitoring.models import ContentItem
    from netral.people.models import Employee, SocialAccount
    from netral.pledges.models import Attendance, Event, IntegrityPact

    # Election: a new one needs its own reached/ikrar cells.
    return (Employee, SocialAccount, Attendance, Event, IntegrityPact, ContentItem, Election)


def _max_ids():
    """Highest primary key of each source table (one query, each an index lookup)."""
    qn = connection.ops.quote_name
    models = _sources()
    sql = "SELECT " + ", ".join(f"(SELECT MAX({qn(m._meta.pk.column)}) FROM {qn(m._meta.db_table)})"
                                for m in models)
    with connection.cursor() as cur:
        cur.execute(sql)
        row = cur.fetchone()
    return {m._meta.label_lower: v or 0 for m, v in zip(models, row, strict=True)}


def _last_seq():
    from netral.core.models import AuditEntry

    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _source_q():
    q = Q(pk__in=[])
    for prefix in SOURCE_PREFIXES:
        q |= Q(model__startswith=prefix)
    return q


def fresh():
    """The FigureSummary if the cells describe the data as it is now, else None."""
    from netral.core.models import AuditEntry
    from netral.reports.models import FigureSummary

    state = FigureSummary.objects.filter(pk=1, complete=True).first()
    if state is None or state.version != VERSION or state.time_zone != settings.TIME_ZONE:
        return None
    if AuditEntry.objects.filter(seq__gt=state.seq).filter(_source_q()).exists():
        return None
    if _max_ids() != state.max_ids:
        return None
    return state


def local_day(expr_sql_sqlite, expr):
    """The office-time date of a datetime expression. PostgreSQL converts natively; on SQLite
    Django's TruncDate calls back into Python for every row, so SQLite's date() is used with the
    office's UTC offset (fixed in Indonesia: WIB/WITA/WIT have no daylight saving)."""
    if connection.vendor != "sqlite":
        return TruncDate(expr)
    shift = f"{int(timezone.localtime(timezone.now()).utcoffset().total_seconds() // 60):+d} minutes"
    return RawSQL(f"date({expr_sql_sqlite}, %s)", (shift,))


def build_cells():
    """Every cell, computed from the tables: [(unit_id, key, ref, day, n)]."""
    from netral.elections.models import Election
    from netral.monitoring.models import ContentItem
    from netral.people.models import Employee, SocialAccount
    from netral.pledges.models import Attendance, Event, IntegrityPact

    cells = []
    for r in (Employee.objects.filter(is_active=True).values("unit_id", "employment_type")
              .annotate(n=Count("pk")).order_by()):
        cells.append((r["unit_id"], f"staff:{r['employment_type']}", 0, None, r["n"]))

    accounts = SocialAccount.objects.filter(removed_at__isnull=True, employee__is_active=True)
    for r in accounts.values("employee__unit_id", "platform").annotate(n=Count("pk")).order_by():
        cells.append((r["employee__unit_id"], f"accounts:{r['platform']}", 0, None, r["n"]))
    for r in (accounts.values("employee__unit_id").annotate(n=Count("employee_id", distinct=True)).order_by()):
        cells.append((r["employee__unit_id"], "monitored", 0, None, r["n"]))

    # First event of each kind per employee: of each election, and of events tied to none.
    elections = list(Election.objects.values_list("pk", flat=True))
    att = Attendance.objects.filter(employee__is_active=True)
    for kind, key in ((Event.Kind.SOCIALISATION, "reached"), (Event.Kind.IKRAR, "ikrar")):
        first = defaultdict(dict)  # employee -> {election id or None: first start}
        unit_of = {}
        for r in (att.filter(event__kind=kind).values("employee_id", "employee__unit_id", "event__election_id")
                  .annotate(first=Min("event__starts_at")).order_by()):
            first[r["employee_id"]][r["event__election_id"]] = r["first"]
            unit_of[r["employee_id"]] = r["employee__unit_id"]
        counts = defaultdict(int)
        for emp, by_election in first.items():
            unit = unit_of[emp]
            counts[(unit, 0, timezone.localtime(min(by_election.values())).date())] += 1
            untied = by_election.get(None)
            for e in elections:
                starts = [s for s in (by_election.get(e), untied) if s is not None]
                if starts:
                    counts[(unit, e, timezone.localtime(min(starts)).date())] += 1
        cells += [(u, key, ref, day, n) for (u, ref, day), n in counts.items()]
    for r in att.values("employee__unit_id", "event_id").annotate(n=Count("pk")).order_by():
        cells.append((r["employee__unit_id"], "attended", r["event_id"], None, r["n"]))

    pacts = IntegrityPact.objects.filter(employee__is_active=True)
    for r in (pacts.exclude(status=IntegrityPact.Status.SUPERSEDED).values("employee__unit_id", "election_id")
              .annotate(n=Count("pk")).order_by()):
        cells.append((r["employee__unit_id"], "pacts", r["election_id"], None, r["n"]))
    signed_day = local_day('"pledges_integritypact"."signed_at"', "signed_at")
    for r in (pacts.filter(status=IntegrityPact.Status.SIGNED, signed_at__isnull=False)
              .annotate(day=signed_day).values("employee__unit_id", "election_id", "day")
              .annotate(n=Count("pk")).order_by()):
        day = r["day"] if isinstance(r["day"], date) else date.fromisoformat(r["day"])
        cells.append((r["employee__unit_id"], "signed", r["election_id"], day, r["n"]))

    months = defaultdict(int)
    for r in (ContentItem.objects.annotate(day=_content_day()).values("unit_id", "day").annotate(n=Count("pk"))
              .order_by()):
        if r["day"] is not None:
            day = r["day"] if isinstance(r["day"], date) else date.fromisoformat(r["day"])
            cells.append((r["unit_id"], "content", 0, day, r["n"]))
            months[(r["unit_id"], day.replace(day=1))] += r["n"]
    # The same by calendar month (day = its first day): a period of whole months reads these.
    cells += [(u, "content:month", 0, m, n) for (u, m), n in months.items()]
    return cells


def rebuild():
    """Recompute every cell (one transaction; a second rebuild at the same time waits for the
    first). Returns the FigureSummary."""
    from netral.reports.models import FigureCell, FigureSummary

    FigureSummary.objects.get_or_create(pk=1)
    started = clock.perf_counter()
    with transaction.atomic():
        state = FigureSummary.objects.select_for_update().get(pk=1)
        # The stamp first: whatever is committed after it shows up as newer than the stamp.
        seq, max_ids = _last_seq(), _max_ids()
        # In index order: far fewer pages touched while inserting.
        cells = sorted(build_cells(), key=lambda c: (c[0], c[1], c[2], c[3] or date.min))
        # Plain SQL: the ORM's delete collector and bulk_create cost ~20 µs a row here.
        qn = connection.ops.quote_name
        table = qn(FigureCell._meta.db_table)
        cols = ", ".join(qn(FigureCell._meta.get_field(f).column) for f in ("unit", "key", "ref", "day", "n"))
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {table}")
            for start in range(0, len(cells), 5000):
                cur.executemany(f"INSERT INTO {table} ({cols}) VALUES (%s, %s, %s, %s, %s)",
                                cells[start:start + 5000])
        state.seq, state.max_ids, state.time_zone, state.version = seq, max_ids, settings.TIME_ZONE, VERSION
        state.complete, state.cells, state.built_at = True, len(cells), timezone.now()
        state.build_ms = int((clock.perf_counter() - started) * 1000)
        state.save()
    return state


def _content_day():
    t = '"monitoring_contentitem"'
    return local_day(f"COALESCE({t}.\"posted_at\", {t}.\"captured_at\")", Coalesce("posted_at", "captured_at"))


CONTENT = "monitoring.contentitem"


def _only_new_content(state, seq, max_ids):
    """True when everything that changed since the build is content items with ids above the
    build's highest: the audit entries since then are content creations, anchors of stored chunks
    (object_pk "first-last" id) or import bookkeeping, every id they name is above it, and no other
    source table grew. Then the content cells can be brought up to date by adding those rows."""
    from netral.core.models import AuditEntry

    old = state.max_ids.get(CONTENT, 0)
    if any(max_ids.get(k) != v for k, v in state.max_ids.items() if k != CONTENT) or max_ids.get(CONTENT, 0) < old:
        return False
    entries = (AuditEntry.objects.filter(seq__gt=state.seq, seq__lte=seq).filter(_source_q())
               .values_list("model", "action", "object_pk"))
    for model, action, pk in entries.iterator():
        if model == "monitoring.contentimport":
            continue  # the import job's own record; its items come with their anchors
        if model == CONTENT and action == "create":
            first = pk
        elif model == "monitoring.contentdigest" and action == "event":
            first = pk.split("-", 1)[0]
        else:
            return False
        if not first.isdigit() or int(first) <= old:
            return False
    return True


def add_new_content(state, seq, max_ids):
    """Add the content items with ids in (build's highest, max_ids] to the day and month cells."""
    from netral.monitoring.models import ContentItem
    from netral.reports.models import FigureCell

    old, new = state.max_ids.get(CONTENT, 0), max_ids.get(CONTENT, 0)
    added = defaultdict(int)
    for r in (ContentItem.objects.filter(pk__gt=old, pk__lte=new).annotate(day=_content_day())
              .values("unit_id", "day").annotate(n=Count("pk")).order_by()):
        if r["day"] is not None:
            day = r["day"] if isinstance(r["day"], date) else date.fromisoformat(r["day"])
            added[(r["unit_id"], "content", day)] += r["n"]
            added[(r["unit_id"], "content:month", day.replace(day=1))] += r["n"]
    made = 0
    if added:  # plain SQL, many rows per statement: the ORM costs ~1 ms a cell here
        days = [d for _u, _k, d in added]
        have = set(FigureCell.objects.filter(key__in=["content", "content:month"], ref=0,
                                             unit_id__in={u for u, _k, _d in added},
                                             day__gte=min(days), day__lte=max(days))
                   .values_list("unit_id", "key", "day"))
        qn = connection.ops.quote_name
        table = qn(FigureCell._meta.db_table)
        unit, key, ref, day, n = (qn(FigureCell._meta.get_field(f).column) for f in ("unit", "key", "ref", "day", "n"))
        update = [(c, u, k, d) for (u, k, d), c in sorted(added.items()) if (u, k, d) in have]
        insert = [(u, k, 0, d, c) for (u, k, d), c in sorted(added.items()) if (u, k, d) not in have]
        with connection.cursor() as cur:
            if update:
                cur.executemany(f"UPDATE {table} SET {n} = {n} + %s WHERE {unit} = %s AND {key} = %s AND {ref} = 0 "
                                f"AND {day} = %s", update)
            if insert:
                cur.executemany(f"INSERT INTO {table} ({unit}, {key}, {ref}, {day}, {n}) VALUES (%s, %s, %s, %s, %s)",
                                insert)
        made = len(insert)
    state.seq, state.max_ids, state.cells = seq, max_ids, state.cells + made
    state.built_at = timezone.now()
    state.save()
    return len(added)


def refresh(force=False):
    """Bring the cells up to date: nothing when they are fresh, only the new content items when
    that is all that changed (imports during the day), else a full rebuild. Returns (what was
    done: "" / "content" / "rebuild", FigureSummary)."""
    from netral.reports.models import FigureSummary

    if not force:
        with transaction.atomic():
            state = FigureSummary.objects.select_for_update().filter(pk=1, complete=True).first()
            usable = (state is not None and state.version == VERSION and state.time_zone == settings.TIME_ZONE)
            if usable:
                if fresh() is not None:
                    return "", state
                seq, max_ids = _last_seq(), _max_ids()  # the stamp first, as in rebuild()
                if _only_new_content(state, seq, max_ids):
                    started = clock.perf_counter()
                    add_new_content(state, seq, max_ids)
                    state.build_ms = int((clock.perf_counter() - started) * 1000)
                    state.save(update_fields=["build_ms"])
                    return "content", state
    return "rebuild", rebuild()


def content_ranges(date_from, date_to):
    """[(key, first day, last day)] of content cells that together cover the period exactly:
    the whole calendar months inside it as month cells, the days before and after as day cells."""
    first = date_from if date_from.day == 1 else (date_from.replace(day=28) + timedelta(days=4)).replace(day=1)
    after = (date_to + timedelta(days=1)).replace(day=1) if (date_to + timedelta(days=1)).day == 1 \
        else date_to.replace(day=1)  # first day after the last whole month
    if first >= after:  # no whole month inside
        return [("content", date_from, date_to)]
    out = [("content:month", first, after - timedelta(days=1))]
    if date_from < first:
        out.append(("content", date_from, first - timedelta(days=1)))
    if after <= date_to:
        out.append(("content", after, date_to))
    return out
