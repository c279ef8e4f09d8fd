"""Demo data. Core seeds the units and users; each app registers a seeder that adds its own
rows (`demo.register(fn, order)`), and `manage.py seed_demo` runs them all in order."""

from typing import Callable

_seeders: list[tuple[int, str, Callable]] = []
DEMO_PASSWORD = "netral-demo-2024"


def register(name, fn, order=100):
    if any(n == name for _, n, _ in _seeders):
        return
    _seeders.append((order, name, fn))


def seeders():
    return [(n, fn) for _, n, fn in sorted(_seeders, key=lambda s: s[0])]


MINISTRY = ("KEMENKUMHAM", "Kementerian Hukum dan Hak Asasi Manusia", "ministry", "", "DKI Jakarta", "Jakarta Selatan",
            "Jl. H.R. Rasuna Said Kav. 6-7, Kuningan, Jakarta Selatan")
KANWIL = ("KW-JATENG", "Kantor Wilayah Kemenkumham Jawa Tengah", "kanwil", "KEMENKUMHAM", "Jawa Tengah", "Kota Semarang",
          "Jl. Dr. Cipto No. 64, Semarang")
UNITS = [
    ("KW-JATENG-ADM", "Divisi Administrasi", "division", "KW-JATENG", "Kota Semarang"),
    ("KW-JATENG-PAS", "Divisi Pemasyarakatan", "division", "KW-JATENG", "Kota Semarang"),
    ("KW-JATENG-IMI", "Divisi Keimigrasian", "division", "KW-JATENG", "Kota Semarang"),
    ("LP-SMG", "Lapas Kelas I Semarang", "lapas", "KW-JATENG", "Kota Semarang"),
    ("LP-AMB", "Lapas Kelas IIA Ambarawa", "lapas", "KW-JATENG", "Kabupaten Semarang"),
    ("LP-PATI", "Lapas Kelas IIB Pati", "lapas", "KW-JATENG", "Kabupaten Pati"),
    ("LP-SLAWI", "Lapas Kelas IIB Slawi", "lapas", "KW-JATENG", "Kabupaten Tegal"),
    ("RUT-SMG", "Rutan Kelas I Semarang", "rutan", "KW-JATENG", "Kota Semarang"),
    ("RUT-PWD", "Rutan Kelas IIB Purwodadi", "rutan", "KW-JATENG", "Kabupaten Grobogan"),
    ("KANIM-SMG", "Kantor Imigrasi Kelas I TPI Semarang", "imigrasi", "KW-JATENG", "Kota Semarang"),
    ("KANIM-PML", "Kantor Imigrasi Kelas II TPI Pemalang", "imigrasi", "KW-JATENG", "Kabupaten Pemalang"),
    ("BAPAS-SMG", "Bapas Kelas I Semarang", "bapas", "KW-JATENG", "Kota Semarang"),
    ("RUPBASAN-SMG", "Rupbasan Kelas I Semarang", "rupbasan", "KW-JATENG", "Kota Semarang"),
    ("LPKA-KTA", "LPKA Kelas I Kutoarjo", "lpka", "KW-JATENG", "Kabupaten Purworejo"),
    ("RUDENIM-SMG", "Rudenim Semarang", "rudenim", "KW-JATENG", "Kota Semarang"),
]
USERS = [
    # username, first, last, role, unit code
    ("admin", "Rina", "Kusumawati", "admin", "KW-JATENG"),
    ("pimpinan", "Tejo", "Harwanto", "pimpinan", "KW-JATENG"),
    ("pengawas", "Dewi", "Anggraini", "pengawas", "KW-JATENG"),
    ("operator", "Bambang", "Sutrisno", "operator", "LP-SMG"),
    ("operator.imigrasi", "Sri", "Wahyuni", "operator", "KANIM-SMG"),
    ("pegawai", "Agus", "Setiawan", "pegawai", "LP-SMG"),
]


def seed_core():
    from netral.core.models import OrgUnit, User

    by_code = {}
    code, name, kind, parent, province, regency, address = MINISTRY
    by_code[code], _ = OrgUnit.objects.get_or_create(code=code, defaults=dict(
        name=name, kind=kind, province=province, regency=regency, address=address))
    code, name, kind, parent, province, regency, address = KANWIL
    by_code[code], _ = OrgUnit.objects.get_or_create(code=code, defaults=dict(
        name=name, kind=kind, parent=by_code[parent], province=province, regency=regency, address=address))
    for code, name, kind, parent, regency in UNITS:
        by_code[code], _ = OrgUnit.objects.get_or_create(code=code, defaults=dict(
            name=name, kind=kind, parent=by_code[parent], province="Jawa Tengah", regency=regency))
    for username, first, last, role, unit in USERS:
        if User.objects.filter(username=username).exists():
            continue
        user = User(username=username, first_name=first, last_name=last, role=role, unit=by_code[unit],
                    email=f"{username}@jateng.kemenkumham.go.id")
        user.set_password(DEMO_PASSWORD)
        user.save()
    return by_code


register("core", seed_core, order=0)
