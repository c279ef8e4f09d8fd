"""Roster benchmarks.

roster_import: a generated 20,000-row CSV (with a few bad rows and some accounts) through the
same plan + apply path the web import and the CLI use, on a fresh database.
roster_list_p95: the employee list page (scope, filters, pagination, account flag) over 100,000
generated employees, requested through Django's test client as a Kanwil admin.
"""

import datetime as dt
import random

from bench.common import Timer, p95, report, setup_django


def make_csv(n, units, rng):
    lines = ["NIP;Nama;Jenis Pegawai;Jabatan;Kelas Jabatan;Golongan;Kode Unit;Instagram"]
    for i in range(n):
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=i // 999)
        nip = f"{birth:%Y%m%d}2015{rng.randint(1, 12):02d}{1 + i % 2}{i % 999 + 1:03d}"
        ig = f"pegawai{i}" if i % 3 == 0 else ""
        lines.append(f"{nip};Pegawai {i};PNS;Pengadministrasi;Pelaksana;II/a;{rng.choice(units)};{ig}")
    lines[100] = "123;Salah;PNS;x;Pelaksana;;U1;"  # bad rows stay in the figure
    return ("\n".join(lines) + "\n").encode()


def bench_import(n=20_000):
    from netral.core.models import OrgUnit, User
    from netral.core.tabular import read_table
    from netral.people import roster_import

    root = OrgUnit.objects.create(code="KW", name="Kanwil", kind="kanwil")
    codes = []
    for i in range(12):
        OrgUnit.objects.create(code=f"U{i}", name=f"UPT {i}", kind="lapas", parent=root)
        codes.append(f"U{i}")
    admin = User.objects.create(username="admin", role="admin", unit=root)
    data = make_csv(n, codes, random.Random(1))
    with Timer() as t:
        table = read_table(data)
        plan = roster_import.plan(table, roster_import.guess_mapping(table.header), admin)
        result = roster_import.apply(plan, admin)
    created = result["summary"]["create"]
    assert created >= n - 10, result["summary"]
    report("roster_import", round(n / t.elapsed), "rows/s")
    report("roster_import_20k_seconds", round(t.elapsed, 1), "s")
    return root, admin


def bench_list(root, admin, total=100_000):
    from django.test import Client

    from netral.core import audit
    from netral.core.models import OrgUnit
    from netral.people.models import Employee, SocialAccount

    units = list(OrgUnit.objects.filter(parent=root))
    have = Employee.objects.count()
    rng = random.Random(2)
    with audit.disabled():
        batch = []
        for i in range(have, total):
            batch.append(Employee(unit=rng.choice(units), employment_type=rng.choice(["pns", "pppk", "ppnpn"]),
                                  nip=f"X{i:017d}", name=f"Gen {i:06d} {rng.choice(['Budi', 'Sri', 'Ayu', 'Eko'])}",
                                  position_class=rng.choice(["fungsional", "pelaksana", "pengawas"])))
            if len(batch) == 5000:
                Employee.objects.bulk_create(batch)
                batch = []
        Employee.objects.bulk_create(batch)
        emp_ids = list(Employee.objects.values_list("pk", flat=True)[:20000])
        SocialAccount.objects.bulk_create(
            [SocialAccount(employee_id=e, platform="x", handle=f"gen{e}") for e in emp_ids], batch_size=5000)
    client = Client()
    client.force_login(admin)
    queries = [{}, {"type": "pns"}, {"accounts": "ya"}, {"accounts": "tidak"}, {"q": "Budi"},
               {"unit": units[3].pk}, {"position_class": "pengawas", "page": "50"}, {"active": "semua"}]
    for q in queries:  # warm up
        client.get("/pegawai/", q, HTTP_HOST="localhost")
    samples = []
    for _ in range(5):
        for q in queries:
            with Timer() as t:
                r = client.get("/pegawai/", q, HTTP_HOST="localhost")
            assert r.status_code == 200
            samples.append(t.elapsed * 1000)
    report("roster_list_p95", round(p95(samples), 1), "ms")


def main():
    setup_django("roster")
    root, admin = bench_import()
    bench_list(root, admin)


if __name__ == "__main__":
    main()
