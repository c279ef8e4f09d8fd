"""Monitoring benchmarks (sizes scaled down for a 2-core machine, see docs/performance.md).

monitoring_import: a generated JSONL of N items (generic format, with bad lines) parsed and stored
  through the same path as the import task (`ingest.parse` + `store.save_records`).
monitoring_scan: `scanning.scan_items` over those items (detector + ScanResult + findings).
triage_list_p95: the triage queue page as Tim Pengawas at the Kanwil over CONTENT generated items
  and FINDINGS findings, several filter combinations.
"""

import json
import os
import random
from datetime import UTC, datetime, timedelta

from bench.common import Timer, p95, report, setup_django

N_IMPORT = int(os.environ.get("BENCH_MON_IMPORT", "100000"))
N_CONTENT = int(os.environ.get("BENCH_MON_CONTENT", "1000000"))
N_FINDINGS = int(os.environ.get("BENCH_MON_FINDINGS", "50000"))

WORDS = ("pelayanan kantor hari ini lancar terima kasih warga binaan kegiatan olahraga pagi semangat kerja keluarga "
         "liburan makan siang rapat koordinasi jalan macet hujan deras").split()
PARTISAN = ["Jangan lupa coblos nomor 2 ya!", "Ayo dukung paslon 01 AMIN!", "Ganjar Mahfud menang, coblos 3!"]


def make_jsonl(n, handles, rng):
    lines = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
        if i % 10 == 0:
            text = rng.choice(PARTISAN) + " " + text
        lines.append(json.dumps({"platform": "x", "id": str(10**15 + i), "akun": rng.choice(handles),
                                 "interaksi": rng.choice(["post", "comment", "share"]), "teks": text,
                                 "waktu": f"2024-11-{1 + i % 27:02d}T0{i % 10}:00:00Z"}))
    lines[50] = "{bukan json"
    return ("\n".join(lines) + "\n").encode()


def setup_org():
    from netral.core import audit
    from netral.core.models import OrgUnit, User
    from netral.people.models import Employee, SocialAccount

    root = OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    units = [OrgUnit.objects.create(code=f"U{i}", name=f"UPT {i}", kind="lapas", parent=root) for i in range(12)]
    user = User.objects.create(username="pengawas", role="pengawas", unit=root)
    handles = []
    with audit.disabled():
        emps = Employee.objects.bulk_create([Employee(unit=units[i % 12], employment_type="ppnpn",
                                                      internal_id=f"P{i}", name=f"Pegawai {i}") for i in range(2000)])
        SocialAccount.objects.bulk_create([SocialAccount(employee=e, platform="x", handle=f"akun{e.pk}")
                                           for e in emps])
        handles = [f"akun{e.pk}" for e in emps] + [f"anon{i}" for i in range(200)]
    return root, units, user, handles


def bench_import_scan(root, user, handles):
    from netral.core import audit
    from netral.monitoring import ingest
    from netral.monitoring.scanning import current_detector, scan_items
    from netral.monitoring.store import save_records

    data = make_jsonl(N_IMPORT, handles, random.Random(1))
    with audit.disabled(), Timer() as t:
        result = save_records(ingest.parse(data, "generic"), unit=root, user=user)
    assert result["summary"]["create"] == N_IMPORT - 1, result["summary"]
    report("monitoring_import", round(N_IMPORT / t.elapsed), "items/s")
    current_detector()  # model load is not part of the per-item figure
    with Timer() as t:
        stats = scan_items(result["ids"])
    assert stats["scanned"] == N_IMPORT - 1
    report("monitoring_scan", round(N_IMPORT / t.elapsed), "items/s")
    report("monitoring_findings_created", stats["findings"], "findings")


def bench_triage(root, units, user):
    from django.test import Client

    from netral.core import audit
    from netral.monitoring.models import ContentItem, Finding, ScanResult

    rng = random.Random(3)
    have = ContentItem.objects.count()
    base = datetime(2024, 9, 1, tzinfo=UTC)
    with audit.disabled():
        batch = []
        for i in range(have, N_CONTENT):
            batch.append(ContentItem(platform=rng.choice(["x", "facebook", "instagram", "tiktok"]),
                                     external_id=f"gen-{i}", handle=f"gen{i % 5000}", unit=rng.choice(units),
                                     text="teks contoh " + str(i), payload={"i": i}, payload_sha256="0" * 64,
                                     posted_at=base + timedelta(minutes=i), fingerprint=f"{i % 3000:040d}"))
            if len(batch) == 5000:
                ContentItem.objects.bulk_create(batch)
                batch = []
        ContentItem.objects.bulk_create(batch)
        need = N_FINDINGS - Finding.objects.count()
        ids = list(ContentItem.objects.filter(finding__isnull=True, external_id__startswith="gen-").values_list(
            "pk", "unit_id", "platform", "posted_at")[:need])
        for start in range(0, len(ids), 5000):
            chunk = ids[start:start + 5000]
            scans = ScanResult.objects.bulk_create([ScanResult(content_id=c, detector_version="bench", partisan=True,
                                                               scores={"partisan": 0.9}, text_sha256="0" * 64)
                                                    for c, _u, _p, _d in chunk])
            Finding.objects.bulk_create([Finding(
                content_id=c, scan_id=s.pk, unit_id=u, platform=p, interaction="post", posted_at=d,
                partisan=rng.random() < 0.7, hate=rng.random() < 0.2, hoax=rng.random() < 0.1,
                score=round(rng.random(), 3), status=rng.choice(["new"] * 4 + ["dismissed", "confirmed"]),
                phase=rng.choice(["campaign", "quiet", ""]), group_key=f"{c % 3000:040d}")
                for (c, u, p, d), s in zip(chunk, scans, strict=True)])
    client = Client()
    client.force_login(user)
    queries = [{}, {"label": "hate"}, {"platform": "tiktok"}, {"unit": units[3].pk}, {"min_score": "0.8"},
               {"status": "all", "page": "40"}, {"phase": "quiet", "label": "partisan"},
               {"date_from": "2024-09-20", "date_to": "2024-10-20"}]
    for q in queries:
        assert client.get("/pemantauan/", q, HTTP_HOST="localhost").status_code == 200
    samples = []
    for _round in range(5):
        for q in queries:
            with Timer() as t:
                r = client.get("/pemantauan/", q, HTTP_HOST="localhost")
            assert r.status_code == 200
            samples.append(t.elapsed * 1000)
    report("triage_list_p95", round(p95(samples), 1), "ms")
    report("triage_list_size", f"{ContentItem.objects.count()}/{Finding.objects.count()}", "items/findings")


def main():
    setup_django("monitoring")
    root, units, user, handles = setup_org()
    bench_import_scan(root, user, handles)
    bench_triage(root, units, user)


if __name__ == "__main__":
    main()
