"""`make bench-scale`: a real server (gunicorn) on PostgreSQL at ministry size, driven by a load tool (locust).

1. Data: `bench.scale_data` (100,000 employees, 1,000,000 content items, 50,000 findings, 5,000 cases and a large
   audit log at BENCH_SCALE=1; 5 and 10 multiply it), built once into $DATABASE_URL and reused.
2. Pages: gunicorn with BENCH_SCALE_WEB_WORKERS sync workers (default 4) on 127.0.0.1:BENCH_SCALE_PORT (8066);
   locust, headless, BENCH_SCALE_USERS users (8) in a closed loop for BENCH_SCALE_SECONDS (30) per page, logged in
   with sessions made for the personas: the triage list (Tim Pengawas of a Kanwil and an Admin at the ministry,
   with the usual filters), the dashboard (Pimpinan of a Kanwil and of the ministry, as people see it: figures
   cached REPORT_FIGURES_CACHE seconds) and a case page (Tim Pengawas, cases of the Kanwil).
   Prints `BENCH scale_<page>_rps <n> req/s`, `scale_<page>_p95 <ms> ms`, `scale_<page>_failures` and
   `scale_<page>_app_cpu <ms> ms/req` (CPU time of the gunicorn workers per request: load-independent).
3. API ingest + scan: for 1 and then 2 RQ workers (TASKS_BACKEND=rq on Redis BENCH_SCALE_REDIS_URL, default
   redis://127.0.0.1:6379/6, flushed before each run), BENCH_SCALE_INGEST new items (20,000) are pushed to
   `POST /api/content` in lists of 1,000 with a content:push token while the started workers are suspended
   (`rq suspend`), then the workers are resumed and the clock runs until every item has its scan. Prints
   `scale_api_ingest_w<n>` (items/s stored by the API, one client), `scale_scan_w<n>` (items/s scanned by n
   workers), `scale_scan_cpu_w<n>` (the workers' CPU time per 1,000 items) and `scale_scan_ratio` (2 workers / 1).
   `--ingest-only` skips the pages.
4. Before the pages, in this process: `scale_dashboard_refresh` (+ `_cpu`, `_cells`), the full rebuild of the
   dashboard's per-unit cells, and `scale_dashboard_cold_<persona>` (+ `_cpu`), the dashboard computed afresh with
   fresh cells and the figures cache emptied (median of three), for the Pimpinan of the ministry and of a Kanwil
   and a UPT operator: what the cached figures of step 2 hide. `--dashboard-only` stops after it.

Not a test and not in CI at this size; `make bench-smoke` runs it tiny. Everything runs on this one machine: the
load tool, the server, the workers and PostgreSQL share its cores (docs/performance.md).
"""

import csv
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_SCALE_PORT", "8066"))
WEB_WORKERS = int(os.environ.get("BENCH_SCALE_WEB_WORKERS", "4"))
USERS = int(os.environ.get("BENCH_SCALE_USERS", "8"))
SECONDS = int(os.environ.get("BENCH_SCALE_SECONDS", "30"))
INGEST = int(os.environ.get("BENCH_SCALE_INGEST", "20000"))
REDIS_URL = os.environ.get("BENCH_SCALE_REDIS_URL", "redis://127.0.0.1:6379/6")
BATCH = 1000


def server_env():
    env = dict(os.environ, PYTHONPATH=str(ROOT), TASKS_BACKEND="rq", REDIS_URL=REDIS_URL,
               API_RATE_PER_MINUTE="1000000", DEBUG="false", ALLOWED_HOSTS="127.0.0.1,localhost")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def wait_for(url, seconds=120):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own local server)
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"Server tidak menjawab di {url} dalam {seconds} detik.")


def start_server():
    cmd = [sys.executable, "-m", "gunicorn", "netral.wsgi:application", "--workers", str(WEB_WORKERS),
           "--bind", f"127.0.0.1:{PORT}", "--timeout", "120", "--log-level", "warning", "--preload"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env())
    wait_for(f"http://127.0.0.1:{PORT}/masuk/")
    return proc


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cpu_seconds(pid):
    """CPU time (user + system) of a process and its children that it waited for, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")


def workers_cpu(server):
    """CPU seconds used so far by the server's worker processes (the application's share of each request)."""
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return 0.0
    return sum(cpu_seconds(int(c)) for c in children)


def sessions(users):
    """A session cookie value per persona, made as a login does (so the server sees a logged-in person)."""
    from django.conf import settings
    from django.test import Client

    out = {}
    for key, user in users.items():
        c = Client()
        c.force_login(user)
        out[key] = c.cookies[settings.SESSION_COOKIE_NAME].value
    return out


def run_locust(page, cookies, cases, workdir):
    from django.conf import settings

    prefix = os.path.join(workdir, page)
    env = dict(os.environ, BENCH_LOCUST_PAGE=page, BENCH_LOCUST_SESSIONS=json.dumps(cookies),
               BENCH_LOCUST_COOKIE=settings.SESSION_COOKIE_NAME, BENCH_LOCUST_CASES=json.dumps(cases))
    cmd = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
           "-u", str(USERS), "-r", str(USERS), "-t", f"{SECONDS}s", "--host", f"http://127.0.0.1:{PORT}",
           "--csv", prefix, "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    with open(prefix + "_stats.csv", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
    if int(row["Request Count"]) == 0:
        raise SystemExit(f"Locust tidak mengirim permintaan apa pun ke {page}; lihat {prefix}_*.csv.")
    return float(row["Requests/s"]), float(row["95%"]), int(row["Failure Count"]), int(row["Request Count"])


def bench_pages(users, workdir, server):
    from bench.common import report
    from netral.cases.models import Case

    cookies = sessions(users)
    case_persona = "pengawas"
    cases = list(Case.objects.for_user(users["pengawas"]).order_by("pk").values_list("pk", flat=True)[:500])
    if not cases:  # a small data set may have none in the Kanwil: the Admin at the ministry opens them
        case_persona = "admin"
        cases = list(Case.objects.for_user(users["admin"]).order_by("pk").values_list("pk", flat=True)[:500])
    if not cases:
        raise SystemExit("Tidak ada kasus untuk halaman kasus.")
    plan = [("triage", [cookies["pengawas"], cookies["admin"]]),
            ("dashboard", [cookies["kanwil"], cookies["ministry"]]),
            ("case", [cookies[case_persona]])]
    from django.conf import settings

    warm = {"triage": "/pemantauan/", "dashboard": "/laporan/", "case": f"/kasus/{cases[0]}/"}
    for page, persona_cookies in plan:
        for cookie in persona_cookies:  # warm up: every worker has served the page once (imports, caches)
            for _ in range(WEB_WORKERS * 2):
                req = urllib.request.Request(f"http://127.0.0.1:{PORT}{warm[page]}",
                                             headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
                with urllib.request.urlopen(req, timeout=300) as r:  # noqa: S310 (our own local server)
                    if r.status != 200 or r.url.rstrip("/").endswith("masuk"):
                        raise SystemExit(f"{warm[page]}: tidak masuk sebagai persona (HTTP {r.status}, {r.url}).")
        cpu = workers_cpu(server)
        rps, p95, failures, count = run_locust(page, persona_cookies, cases, workdir)
        cpu = workers_cpu(server) - cpu
        report(f"scale_{page}_rps", round(rps, 1), "req/s")
        # The web workers' CPU per request: what a request costs the application whatever the machine's load
        # (PostgreSQL's share is not in it).
        report(f"scale_{page}_app_cpu", round(cpu * 1000 / max(count, 1), 1), "ms/req")
        report(f"scale_{page}_p95", round(p95, 1), "ms")
        report(f"scale_{page}_failures", failures, f"of {count}")


def bench_dashboard_cold(users):
    """What the cached dashboard of `bench_pages` does not show: the per-unit cells' full rebuild (the scheduler's
    `refresh_figures` job after a change), then the dashboard computed afresh (figures cache emptied before each
    request, fresh cells), in this process, for the Pimpinan of the ministry and of a Kanwil and a UPT operator,
    three rounds. Wall time includes PostgreSQL's share; CPU time is this process's."""
    from django.core.cache import cache
    from django.test import Client

    from bench.common import Timer, report
    from netral.reports import summary

    cpu = time.process_time()
    with Timer() as t:
        state = summary.rebuild()
    report("scale_dashboard_refresh", round(t.elapsed * 1000, 1), "ms")
    report("scale_dashboard_refresh_cpu", round((time.process_time() - cpu) * 1000, 1), "ms")
    report("scale_dashboard_cells", state.cells, "cells")
    clients = {}
    for who in ("ministry", "kanwil", "operator"):
        clients[who] = Client()
        clients[who].force_login(users[who])
        assert clients[who].get("/laporan/", HTTP_HOST="localhost").status_code == 200  # warm: imports, templates
    walls, cpus = {}, {}
    for _round in range(3):
        for who, client in clients.items():
            cache.clear()
            cpu = time.process_time()
            with Timer() as t:
                r = client.get("/laporan/", HTTP_HOST="localhost")
            assert r.status_code == 200, r.status_code
            walls.setdefault(who, []).append(t.elapsed * 1000)
            cpus.setdefault(who, []).append((time.process_time() - cpu) * 1000)
    for who in clients:
        report(f"scale_dashboard_cold_{who}", round(sorted(walls[who])[1], 1), "ms")
        report(f"scale_dashboard_cold_{who}_cpu", round(sorted(cpus[who])[1], 1), "ms")


def items(run, n):
    from bench.monitoring import PARTISAN, WORDS

    rng = random.Random(run)
    out = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
        if i % 10 == 0:
            text = rng.choice(PARTISAN) + " " + text
        out.append({"platform": "x", "id": f"scale-{run}-{i}", "handle": f"h{rng.randrange(5000)}",
                    "interaction": rng.choice(["post", "comment", "share"]), "text": text,
                    "posted_at": f"2024-11-{1 + i % 27:02d}T0{i % 10}:00:00Z"})
    return out


def post(token, batch):
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}/api/content", data=json.dumps(batch).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                                 method="POST")
    with urllib.request.urlopen(req, timeout=300) as r:  # noqa: S310 (our own local server)
        body = json.loads(r.read())
    if body["created"] != len(batch):
        raise SystemExit(f"API menolak item: {body}")


def bench_ingest(users, workers):
    """Push BENCH_SCALE_INGEST items through the API while the RQ workers are suspended (items/s of the API), then
    let `workers` workers scan them (items/s of scanning). Returns the scan rate."""
    import redis
    from rq import Worker
    from rq.suspension import resume, suspend

    from bench.common import report
    from netral.api.models import ApiToken
    from netral.core.models import OrgUnit
    from netral.monitoring.models import ContentItem, ScanResult

    conn = redis.Redis.from_url(REDIS_URL)
    conn.flushdb()
    suspend(conn)  # workers start and wait; the clock of the scan starts when they are resumed
    unit = OrgUnit.objects.get(code="KW2")
    token_row, token = ApiToken.issue(name=f"bench-scale-{time.time_ns()}", unit=unit, operations=["content:push"],
                                      created_by=users["admin"])
    data = items(time.time_ns(), INGEST)
    before = ContentItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    env = server_env()
    env["CONN_MAX_AGE"] = "0"
    cmd = [sys.executable, "manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job",
           "--worker-class", "rq.worker.SimpleWorker"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(workers)]
    try:
        ready = time.monotonic() + 300
        while len(Worker.all(connection=conn)) < workers:
            if time.monotonic() > ready or any(p.poll() is not None for p in procs):
                raise SystemExit("Worker RQ tidak siap.")
            time.sleep(0.2)
        start = time.perf_counter()
        for i in range(0, len(data), BATCH):
            post(token, data[i:i + BATCH])
        pushed = time.perf_counter() - start
        cpu = sum(cpu_seconds(p.pid) for p in procs)
        start = time.perf_counter()
        resume(conn)
        deadline = time.monotonic() + max(600, INGEST / 10)
        while ScanResult.objects.filter(content_id__gt=before).count() < INGEST:
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise SystemExit("Pemindaian tidak selesai (worker berhenti atau batas waktu habis).")
            time.sleep(0.2)
        scanned = time.perf_counter() - start
        cpu = sum(cpu_seconds(p.pid) for p in procs) - cpu
    finally:
        resume(conn)
        for p in procs:
            stop(p)
        token_row.revoke()
    report(f"scale_api_ingest_w{workers}", round(INGEST / pushed, 1), "items/s")
    report(f"scale_scan_w{workers}", round(INGEST / scanned, 1), "items/s")
    # The workers' CPU per 1,000 items: the cost of a scan whatever the machine's load (PostgreSQL's not in it).
    report(f"scale_scan_cpu_w{workers}", round(cpu * 1_000_000 / INGEST, 1), "ms/1000 items")
    return INGEST / scanned


def main():
    from bench.scale_data import ensure, setup, sizes

    setup()
    from bench.common import report

    users = ensure()
    report("scale_size", "/".join(str(v) for v in sizes().values()), "employees/content/findings/cases/audit")
    report("scale_setup", f"{WEB_WORKERS}/{USERS}/{SECONDS}", "gunicorn_workers/locust_users/seconds")
    if "--ingest-only" not in sys.argv:
        bench_dashboard_cold(users)
        if "--dashboard-only" in sys.argv:
            return
    workdir = tempfile.mkdtemp(prefix="netral-scale-")
    server = start_server()
    try:
        if "--ingest-only" not in sys.argv:
            bench_pages(users, workdir, server)
        if INGEST:  # BENCH_SCALE_INGEST=0: pages only
            one = bench_ingest(users, 1)
            two = bench_ingest(users, 2)
            report("scale_scan_ratio", round(two / one, 2), "x (2 workers / 1)")
    finally:
        stop(server)


if __name__ == "__main__":
    main()
