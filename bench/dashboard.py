"""Dashboard benchmark at ministry size.

Builds 20 Kanwil x 25 UPT, EMPLOYEES staff (with accounts, attendance, pacts), CONTENT content items,
FINDINGS findings, CASES cases (with deadlines and sanctions) and risk points, then times the
dashboard page (figures + template) for Pimpinan at the ministry and at one Kanwil, an operator at a
UPT, with several periods and unit filters. Prints `BENCH dashboard_p95 <ms> ms`.

Sizes: BENCH_DASH_EMPLOYEES (100000), BENCH_DASH_CONTENT (1000000), BENCH_DASH_FINDINGS (50000),
BENCH_DASH_CASES (5000); e.g. `BENCH_DASH_EMPLOYEES=10000 BENCH_DASH_CONTENT=50000 ...` for a quick run.
BENCH_DASH_DB=<path of an earlier run's sqlite file> times again without building (SQLite only).
Before timing, the precomputed per-unit cells are built as the scheduler does (reports/summary.py):
`dashboard_summary_refresh` is that full rebuild's cost, `dashboard_summary_refresh_10k_content` the
cost of bringing them up to date after 10,000 new content items (an import). Prints `dashboard_p95`
with the figures cache emptied before every request (the full cost of a request with fresh cells),
`dashboard_stale_p95` the same when the cells are stale (every figure read from the tables, as
between a change and the next refresh) and `dashboard_cached_p95` as people see it
(REPORT_FIGURES_CACHE, 300 s by default).
"""

import os
import random
import time
from datetime import UTC, date, datetime, timedelta

from bench.common import Timer, p95, report, setup_django

EMPLOYEES = int(os.environ.get("BENCH_DASH_EMPLOYEES", "100000"))
CONTENT = int(os.environ.get("BENCH_DASH_CONTENT", "1000000"))
FINDINGS = int(os.environ.get("BENCH_DASH_FINDINGS", "50000"))
CASES = int(os.environ.get("BENCH_DASH_CASES", "5000"))
KANWILS, UPTS = 20, 25
SKB = ["socmed_campaign", "post_comment_share_like", "photo_with_candidate", "partisan_activity", "attend_campaign"]


def build():
    from netral.core import audit
    from netral.core.models import OrgUnit, User
    from netral.elections.models import Election, Mitigation, RiskPoint, Stage
    from netral.monitoring.models import ContentItem, Finding, ScanResult
    from netral.people.models import Employee, SocialAccount
    from netral.pledges.models import Attendance, Event, IntegrityPact, PactTemplate

    rng = random.Random(14)
    with audit.disabled():
        ministry = OrgUnit.objects.create(code="MIN", name="Kementerian", kind="ministry")
        kanwils, upts = [], []
        for k in range(KANWILS):
            kw = OrgUnit.objects.create(code=f"KW{k}", name=f"Kanwil {k}", kind="kanwil", parent=ministry)
            kanwils.append(kw)
            upts += [OrgUnit.objects.create(code=f"KW{k}-U{u}", name=f"Lapas {k}-{u}", kind="lapas", parent=kw)
                     for u in range(UPTS)]
        users = {
            "ministry": User.objects.create(username="menteri", role="pimpinan", unit=ministry),
            "kanwil": User.objects.create(username="kakanwil", role="pimpinan", unit=kanwils[3]),
            "operator": User.objects.create(username="operator", role="operator", unit=upts[40]),
        }
        election = Election.objects.create(slug="pilkada-bench", kind="pilkada", name="Pilkada Bench",
                                           voting_day=date(2024, 11, 27))
        Stage.objects.create(election=election, name="Persiapan", start=date(2024, 5, 1), end=date(2024, 9, 24),
                             phase="preparation")
        campaign = Stage.objects.create(election=election, name="Kampanye", start=date(2024, 9, 25),
                                        end=date(2024, 11, 23), phase="campaign")
        Stage.objects.create(election=election, name="Rekapitulasi", start=date(2024, 11, 27),
                             end=date(2024, 12, 31), phase="counting")

        emps = Employee.objects.bulk_create([
            Employee(unit=upts[i % len(upts)], employment_type="ppnpn", internal_id=f"P{i}", name=f"Pegawai {i}")
            for i in range(EMPLOYEES)], batch_size=5000)
        SocialAccount.objects.bulk_create([
            SocialAccount(employee=e, platform=rng.choice(["x", "facebook", "instagram", "tiktok"]), handle=f"a{e.pk}")
            for e in emps if rng.random() < 0.6], batch_size=5000)
        event = Event.objects.create(kind="sosialisasi", unit=ministry, election=election, title="Sosialisasi",
                                     starts_at=datetime(2024, 9, 1, 2, tzinfo=UTC), place="Aula")
        Attendance.objects.bulk_create([Attendance(event=event, employee=e, method="import")
                                        for e in emps if rng.random() < 0.7], batch_size=5000)
        template = PactTemplate.objects.create(election=election, unit=ministry, place="Jakarta")
        signed_at = datetime(2024, 9, 10, 2, tzinfo=UTC)
        IntegrityPact.objects.bulk_create([
            IntegrityPact(template=template, election=election, employee=e, text="t", text_sha256="0" * 64,
                          code=f"B{e.pk:011d}", status="signed" if rng.random() < 0.6 else "pending",
                          signed_at=signed_at) for e in emps], batch_size=5000)

        base = datetime(2024, 6, 1, tzinfo=UTC)
        span = int((datetime(2024, 12, 31, tzinfo=UTC) - base).total_seconds() // 60)
        batch = []
        for i in range(CONTENT):
            batch.append(ContentItem(platform=rng.choice(["x", "facebook", "instagram", "tiktok"]),
                                     external_id=f"b{i}", handle=f"h{i % 5000}", unit=upts[i % len(upts)],
                                     text="teks", payload_sha256="0" * 64, fingerprint="",
                                     posted_at=base + timedelta(minutes=rng.randrange(span))))
            if len(batch) == 10000:
                ContentItem.objects.bulk_create(batch)
                batch = []
        ContentItem.objects.bulk_create(batch)
        rows = list(ContentItem.objects.order_by("pk").values_list("pk", "unit_id", "platform", "posted_at")
                    [:FINDINGS])
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            scans = ScanResult.objects.bulk_create([ScanResult(content_id=c, detector_version="bench", partisan=True,
                                                               text_sha256="0" * 64) for c, *_ in chunk])
            Finding.objects.bulk_create([Finding(
                content_id=c, scan_id=s.pk, unit_id=u, platform=pl, interaction="post", posted_at=d,
                employee_id=emps[(c * 7) % len(emps)].pk, partisan=rng.random() < 0.7, hate=rng.random() < 0.2,
                hoax=rng.random() < 0.1, score=rng.random(), skb_item=rng.choice(SKB),
                status=rng.choice(["new", "new", "confirmed", "dismissed"]), created_at=d)
                for (c, u, pl, d), s in zip(chunk, scans, strict=True)])

        try:
            from netral.cases.models import Case, Deadline, Sanction
        except ImportError:
            Case = None
        if Case is not None and CASES:
            states = ["received", "verification", "clarification", "recommendation", "sanctioned", "not_proven",
                      "closed"]
            cases = []
            for i in range(CASES):
                opened = base + timedelta(minutes=rng.randrange(span))
                st = rng.choice(states)
                decided = opened + timedelta(days=rng.randint(2, 30)) if st in ("sanctioned", "not_proven",
                                                                                  "closed") else None
                cases.append(Case(number=f"B-{i}", unit=upts[i % len(upts)], title=f"Kasus {i}", state=st,
                                  opened_at=opened, decided_at=decided))
            cases = Case.objects.bulk_create(cases, batch_size=2000)
            Deadline.objects.bulk_create([Deadline(
                case=c, key="verification", label="Verifikasi", start=c.opened_at.date(),
                due=c.opened_at.date() + timedelta(days=7), done_at=c.decided_at,
                met=(c.decided_at - c.opened_at).days <= 7 if c.decided_at else None) for c in cases], batch_size=2000)
            Sanction.objects.bulk_create([Sanction(
                case=c, employee=emps[i], regime="discipline", tier=rng.choice(["ringan", "sedang", "berat"]),
                kind="x", legal_basis="x", ppk_name="x", decree_number=f"SK{i}", decree_date=c.decided_at.date())
                for i, c in enumerate(cases) if c.state == "sanctioned"], batch_size=2000)
            # Every tenth case came from a finding (the median counts from the finding's time).
            for c, (fid, *_rest) in zip(cases[::10], rows[::10], strict=False):
                Finding.objects.filter(pk=fid).update(case=c)

        for u in upts[::5]:
            rp = RiskPoint.objects.create(unit=u, election=election, phase="campaign", stage=campaign,
                                          title="Kampanye medsos", likelihood=rng.randint(1, 5),
                                          impact=rng.randint(1, 5))
            Mitigation.objects.create(risk_point=rp, action="Patroli", status=rng.choice(["open", "done"]),
                                      due_on=date(2024, 10, 1))
    return users, kanwils, upts


def timed_rounds(clients, queries, clear):
    from django.core.cache import cache

    samples = []
    if not clear:  # fill the cache first, as the first visitor of the morning does
        for name, q in queries:
            clients[name].get("/laporan/", q, HTTP_HOST="localhost")
    for _round in range(5):
        for name, q in queries:
            if clear:
                cache.clear()
            cpu = time.process_time()
            with Timer() as t:
                r = clients[name].get("/laporan/", q, HTTP_HOST="localhost")
            assert r.status_code == 200
            samples.append((name, t.elapsed * 1000, (time.process_time() - cpu) * 1000))
    return samples


def timed_incremental_refresh(upts, n=10000):
    """`dashboard_summary_refresh_10k_content`: refresh() after n new content items (what the job
    does after an import); the items are removed again and the cells rebuilt (not timed)."""
    from netral.core import audit
    from netral.monitoring.models import ContentItem
    from netral.reports import summary

    rng = random.Random(18)
    base = datetime(2024, 10, 1, tzinfo=UTC)
    with audit.disabled():
        made = ContentItem.objects.bulk_create([ContentItem(
            platform="x", external_id=f"inc{i}", handle="h", unit=upts[i % len(upts)], text="teks",
            payload_sha256="0" * 64, fingerprint="", posted_at=base + timedelta(minutes=rng.randrange(90000)))
            for i in range(n)], batch_size=5000)
    cpu = time.process_time()
    with Timer() as t:
        done, _state = summary.refresh()
    assert done == "content", done
    report("dashboard_summary_refresh_10k_content", round(t.elapsed * 1000, 1), "ms")
    report("dashboard_summary_refresh_10k_content_cpu", round((time.process_time() - cpu) * 1000, 1), "ms")
    with audit.disabled():
        ContentItem.objects.filter(pk__in=[c.pk for c in made]).delete()
    summary.rebuild()


def main():
    reuse = os.environ.get("BENCH_DASH_DB")  # an earlier run's database: skip the (long) build
    if reuse:
        os.environ["SQLITE_PATH"] = reuse
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netral.settings")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)  # an older run's file may lack new tables
    else:
        setup_django("dashboard")
    from django.db import connection
    from django.test import Client

    from netral.core.models import OrgUnit, User

    if reuse:
        users = {k: User.objects.get(username=u) for k, u in
                 (("ministry", "menteri"), ("kanwil", "kakanwil"), ("operator", "operator"))}
        kanwils = list(OrgUnit.objects.filter(kind="kanwil").order_by("path"))
        upts = list(OrgUnit.objects.filter(kind="lapas").order_by("path"))
    else:
        with Timer() as t:
            users, kanwils, upts = build()
        print(f"# data built in {t.elapsed:.0f} s", flush=True)
    with connection.cursor() as cur:  # fresh statistics, as a live database has
        cur.execute("ANALYZE")
    queries = [
        ("ministry", {}),
        ("ministry", {"election": "pilkada-bench", "date_from": "2024-10-01", "date_to": "2024-10-31"}),
        ("ministry", {"unit": kanwils[5].pk}),
        ("kanwil", {}),
        ("kanwil", {"unit": upts[3 * UPTS + 2].pk, "date_from": "2024-06-01", "date_to": "2024-12-31"}),
        ("operator", {}),
    ]
    clients = {}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    from netral.reports import summary
    from netral.reports.models import FigureSummary

    # The precomputed cells, built as the scheduler job does after a change (median of 3).
    refresh = []
    for _i in range(3):
        cpu = time.process_time()
        with Timer() as t:
            state = summary.rebuild()
        refresh.append((t.elapsed * 1000, (time.process_time() - cpu) * 1000))
    report("dashboard_summary_refresh", round(sorted(refresh)[1][0], 1), "ms")
    report("dashboard_summary_refresh_cpu", round(sorted(c for _w, c in refresh)[1], 1), "ms")
    report("dashboard_summary_cells", state.cells, "cells")
    # What the job does after an import: 10,000 new content items, added to the content cells only.
    timed_incremental_refresh(upts)
    for name, q in queries:  # warm up (imports, templates, connection)
        assert clients[name].get("/laporan/", q, HTTP_HOST="localhost").status_code == 200
    # Stale cells (between a change and the next refresh): every figure read from the tables.
    FigureSummary.objects.update(complete=False)
    stale = timed_rounds(clients, queries, clear=True)
    report("dashboard_stale_p95", round(p95([ms for _n, ms, _c in stale]), 1), "ms")
    report("dashboard_stale_cpu_p95", round(p95([c for _n, _ms, c in stale]), 1), "ms")
    FigureSummary.objects.update(complete=True)
    assert summary.fresh() is not None
    # Cold: the figures cache is emptied before every request, so each one computes everything.
    cold = timed_rounds(clients, queries, clear=True)
    for who in users:
        report(f"dashboard_{who}_cold_max", round(max(ms for n, ms, _c in cold if n == who), 1), "ms")
        report(f"dashboard_{who}_cpu_max", round(max(c for n, _ms, c in cold if n == who), 1), "ms")
    report("dashboard_p95", round(p95([ms for _n, ms, _c in cold]), 1), "ms")
    # CPU time of this process (SQLite runs in it): what the request costs on an idle machine,
    # when the shared development machine's load makes wall time swing.
    report("dashboard_cpu_p95", round(p95([c for _n, _ms, c in cold]), 1), "ms")
    # As people see it: figures kept REPORT_FIGURES_CACHE seconds, so repeated views hit the cache.
    warm = timed_rounds(clients, queries, clear=False)
    report("dashboard_cached_p95", round(p95([ms for _n, ms, _c in warm]), 1), "ms")
    from netral.cases.models import Case
    from netral.monitoring.models import ContentItem, Finding
    from netral.people.models import Employee

    report("dashboard_size", f"{Employee.objects.count()}/{ContentItem.objects.count()}/{Finding.objects.count()}/"
                             f"{Case.objects.count()}", "employees/content/findings/cases")


if __name__ == "__main__":
    main()
