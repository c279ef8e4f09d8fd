"""Scanning on Redis workers: scan batches enqueued through the RQ backend and run by two real RQ
worker processes against the real Redis; every item is scanned exactly once, even when the same
batch is enqueued twice and both workers take it at the same time.

Runs on PostgreSQL (the workers are other processes and must see the test database; SQLite's test
database lives in memory) with Redis on REDIS_TEST_URL (default redis://127.0.0.1:6379/15, a
database this test empties). CI runs it in the PostgreSQL pass.
"""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from netral.core.models import OrgUnit, Role
from netral.monitoring import ingest
from netral.monitoring.models import ContentItem, Finding, ScanResult
from netral.monitoring.store import save_records
from netral.test import make_unit, make_user

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
N_ITEMS = 160
TEXTS = ["Ayo coblos nomor 2, menang satu putaran! ✌️", "Rapat koordinasi layanan paspor hari ini.",
         "Dukung terus paslon 01 sampai menang", "Jadwal apel pagi dipindah ke pukul 07.30."]


def _redis_or_skip():
    try:
        import django_rq  # noqa: F401
        import redis
    except ImportError:
        pytest.skip("Uji RQ DILEWATI: paket rq tidak terpasang (pip install '.[rq]').")
    client = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Uji RQ DILEWATI: Redis tidak menjawab di {REDIS_TEST_URL}.")
    return client


def _database_url():
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _env():
    env = dict(os.environ)
    env.update(DATABASE_URL=_database_url(), TASKS_BACKEND="rq", REDIS_URL=REDIS_TEST_URL, CONN_MAX_AGE="0",
               DJANGO_SETTINGS_MODULE="netral.settings")
    env.pop("TEST_DATABASE_NAME", None)
    return env


@pytest.mark.django_db(transaction=True)
def test_two_rq_workers_scan_every_item_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("Uji RQ DILEWATI: hanya pada PostgreSQL (worker RQ adalah proses lain).")
    client = _redis_or_skip()
    client.flushdb()
    kanwil = make_unit("KW-RQ", OrgUnit.Kind.KANWIL, name="Kanwil RQ")
    user = make_user("pengawas-rq", Role.PENGAWAS, kanwil)
    rows = "\n".join(f"x,rq{i},akun{i % 37},{TEXTS[i % len(TEXTS)]} #{i}" for i in range(N_ITEMS))
    records = list(ingest.parse(f"platform,id,akun,teks\n{rows}\n".encode(), "generic"))
    save_records(records, unit=kanwil, user=user)
    ids = list(ContentItem.objects.order_by("pk").values_list("pk", flat=True))
    assert len(ids) == N_ITEMS and not ScanResult.objects.exists()

    manage = [sys.executable, os.path.join(settings.BASE_DIR, "manage.py")]
    # Enqueue through the project's own code path, twice: duplicates must not double-scan.
    enqueue = ("from netral.monitoring.tasks import enqueue_scans, SCAN_CHUNK; import netral.monitoring.tasks as t; "
               "t.SCAN_CHUNK = 40; ids = %r; enqueue_scans(ids); enqueue_scans(ids)" % ids)
    subprocess.run(manage + ["shell", "-c", enqueue], env=_env(), check=True, timeout=120)
    assert client.llen("rq:queue:default") == 2 * (N_ITEMS // 40)

    workers = [subprocess.Popen(manage + ["rqworker", "default", "--burst", "--job-class", "django_tasks_rq.Job",
                                              "--worker-class", "rq.worker.SimpleWorker"], env=_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in range(2)]
    outputs = [w.communicate(timeout=300)[0].decode(errors="replace") for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs
    # Both workers did work (the jobs were shared, not run by one of them).
    assert all("Job OK" in out for out in outputs), outputs

    assert ScanResult.objects.count() == N_ITEMS, "\n".join(outputs)
    assert set(ScanResult.objects.values_list("content_id", flat=True)) == set(ids)
    flagged = Finding.objects.count()
    assert flagged == Finding.objects.values("content_id").distinct().count() > 0
    assert client.llen("rq:queue:default") == 0
    client.flushdb()
