"""Background import jobs (core.import_jobs): units and attendance through the task's own path.

unit_import_job: a generated 5,000-row units file stored as a `core.UnitImport` job and run by
`core.tasks.run_import_job` (claim, uploader re-checked before every chunk of 200 rows, one savepoint per row,
each unit created with its audit entry, progress after every chunk, the closing audit event).
attendance_import_job: a 5,000-row attendance list of 5,000 employees as a `pledges.AttendanceImport` job (each
row's employee looked up in the uploader's scope, one bulk insert and `record_many` per chunk).
Each figure is the median of BENCH_IMPORT_ROUNDS (3) runs on fresh rows; sizes: BENCH_IMPORT_ROWS. `*_cpu` divides by
the process's CPU time instead of wall time (SQLite runs in the process): what the rate would be on an idle machine.
"""

import os
import statistics
import time

from bench.common import Timer, report, setup_django

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "5000"))
ROUNDS = int(os.environ.get("BENCH_IMPORT_ROUNDS", "3"))


def run_job(model, user, parsed, rows, **fields):
    from django.core.files.base import ContentFile

    from netral.core.tasks import run_import_job

    job = model(unit=user.unit, original_name="bench.csv", created_by=user, parsed=parsed, progress_total=rows,
                status=model.Status.QUEUED, **fields)
    job.file.save("bench.csv", ContentFile(b"bench"), save=True)
    cpu = time.process_time()
    with Timer() as t:
        outcome = run_import_job.call(model._meta.label_lower, job.pk)
    cpu = time.process_time() - cpu
    job.refresh_from_db()
    assert outcome == "done" and job.status == "done", (outcome, job.error)
    return (t.elapsed, cpu), job


def main():
    setup_django("import_jobs")
    from django.utils import timezone

    from netral.core import audit
    from netral.core.models import OrgUnit, UnitImport, User
    from netral.people.models import Employee
    from netral.pledges.models import AttendanceImport, Event

    root = OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    upt = OrgUnit.objects.create(code="UPT", name="UPT", kind="lapas", parent=root)
    admin = User.objects.create(username="admin", role="admin", unit=root)

    header = ["kode", "nama", "jenis", "kode induk"]
    times = []
    for r in range(ROUNDS):
        rows = [[i + 2, {"kode": f"B{r}-{i:05d}", "nama": f"Seksi {i}", "jenis": "divisi", "kode induk": "UPT"}]
                for i in range(ROWS)]
        rows[10][1]["jenis"] = "kapal"  # a refused row stays in the figure
        elapsed, job = run_job(UnitImport, admin, {"header": header, "rows": rows}, ROWS)
        assert job.result["summary"]["created"] == ROWS - 1, (job.result["summary"], job.result["errors"][:5])
        times.append(elapsed)
    report("unit_import_job", round(ROWS / statistics.median(t[0] for t in times)), "rows/s")
    report("unit_import_job_cpu", round(ROWS / statistics.median(t[1] for t in times)), "rows/s")

    with audit.disabled():
        Employee.objects.bulk_create([Employee(unit=upt, employment_type="pns", nip=f"19850101201001{i:04d}",
                                               name=f"Pegawai {i}") for i in range(ROWS)], batch_size=2000)
    nips = list(Employee.objects.values_list("nip", flat=True))
    times = []
    for r in range(ROUNDS):
        event = Event.objects.create(unit=root, title=f"Sosialisasi {r}", starts_at=timezone.now())
        event.targets.set([upt])
        rows = [[i + 2, {"nip": nip}] for i, nip in enumerate(nips)]
        elapsed, job = run_job(AttendanceImport, admin, {"header": ["nip"], "rows": rows}, len(rows), event=event)
        assert job.result["summary"]["added"] == len(nips), job.result["summary"]
        times.append(elapsed)
    report("attendance_import_job", round(len(nips) / statistics.median(t[0] for t in times)), "rows/s")
    report("attendance_import_job_cpu", round(len(nips) / statistics.median(t[1] for t in times)), "rows/s")


if __name__ == "__main__":
    main()
