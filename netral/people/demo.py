"""Demo roster: about 800 employees across the demo units, with social-media accounts."""

import datetime as dt
import random

from netral.core import audit
from netral.people.accounts import PROFILE_URL

FIRST_M = ["Agus", "Budi", "Dedi", "Eko", "Fajar", "Gilang", "Hendra", "Irfan", "Joko", "Kurniawan", "Lukman",
           "Muhammad", "Nur", "Purnomo", "Rahmat", "Slamet", "Teguh", "Wahyu", "Yusuf", "Zainal", "Bayu", "Arif",
           "Dimas", "Hadi", "Rudi", "Sigit", "Taufik", "Yoga", "Anton", "Bambang"]
FIRST_F = ["Ayu", "Dewi", "Endang", "Fitri", "Indah", "Kartika", "Lestari", "Mega", "Nining", "Putri", "Ratna",
           "Sari", "Sri", "Tri", "Umi", "Wulan", "Yuni", "Rina", "Siti", "Novi", "Diah", "Anisa", "Retno", "Wening"]
LAST = ["Santoso", "Wibowo", "Setiawan", "Prasetyo", "Susanto", "Hidayat", "Nugroho", "Saputra", "Kurniawati",
        "Rahayu", "Handayani", "Wijaya", "Purnamasari", "Hartono", "Suryani", "Utomo", "Firmansyah", "Pratama",
        "Maharani", "Lestari", "Sulistyo", "Haryanto", "Ningsih", "Permana", "Anggraini", "Kusuma", "Mulyono"]
POSITIONS = {
    "jpt": ["Kepala Kantor Wilayah"],
    "administrator": ["Kepala Lembaga Pemasyarakatan", "Kepala Kantor Imigrasi", "Kepala Bidang Pembinaan",
                      "Kepala Bagian Umum"],
    "pengawas": ["Kepala Seksi Bimbingan Kemasyarakatan", "Kepala Subbagian Kepegawaian", "Kepala Seksi Keamanan",
                 "Kepala Seksi Lalu Lintas Keimigrasian"],
    "fungsional": ["Pembimbing Kemasyarakatan Ahli Pertama", "Analis Keimigrasian Ahli Muda",
                   "Penjaga Tahanan", "Pranata Komputer Ahli Pertama", "Arsiparis Terampil"],
    "pelaksana": ["Pengadministrasi Umum", "Pengelola Barang Milik Negara", "Petugas Registrasi",
                  "Pengemudi", "Petugas Keamanan"],
}
PPNPN_POSITIONS = ["Pengemudi", "Petugas Kebersihan", "Satpam", "Juru Masak", "Teknisi"]
SIZES = {"KW-JATENG": 40, "KW-JATENG-ADM": 25, "KW-JATENG-PAS": 20, "KW-JATENG-IMI": 20, "LP-SMG": 150, "LP-AMB": 60,
         "LP-PATI": 50, "LP-SLAWI": 45, "RUT-SMG": 70, "RUT-PWD": 40, "KANIM-SMG": 100, "KANIM-PML": 40,
         "BAPAS-SMG": 45, "RUPBASAN-SMG": 20, "LPKA-KTA": 35, "RUDENIM-SMG": 30}
PLATFORMS = ["instagram", "facebook", "tiktok", "x", "youtube", "threads"]


def make_nip(rng, birth_year, sex):
    birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
    tmt_year = min(birth_year + rng.randint(21, 30), 2024)
    return f"{birth:%Y%m%d}{tmt_year}{rng.randint(1, 12):02d}{sex}{rng.randint(1, 999):03d}"


def seed_people():
    from netral.core.models import OrgUnit, User
    from netral.people.models import Employee, SocialAccount

    if Employee.objects.exists():
        return
    rng = random.Random(2024)
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=SIZES)}
    employees, used_nips, used_handles = [], set(), set()
    for code, size in SIZES.items():
        unit = units.get(code)
        if unit is None:
            continue
        for i in range(size):
            female = rng.random() < 0.45
            first = rng.choice(FIRST_F if female else FIRST_M)
            name = f"{first} {rng.choice(LAST)}"
            r = rng.random()
            etype = "pns" if r < 0.72 else "pppk" if r < 0.84 else "ppnpn"
            if etype == "ppnpn":
                pclass, position, grade = "pelaksana", rng.choice(PPNPN_POSITIONS), ""
                nip, internal = None, f"PPNPN-{code}-{i:03d}"
            else:
                pclass = "jpt" if (code == "KW-JATENG" and i == 0) else rng.choices(
                    ["administrator", "pengawas", "fungsional", "pelaksana"], [1, 4, 35, 60])[0]
                position = rng.choice(POSITIONS[pclass])
                if etype == "pns":
                    grade = {"jpt": "IV/c", "administrator": "IV/a", "pengawas": "III/d"}.get(
                        pclass, rng.choice(["II/a", "II/c", "III/a", "III/b", "III/c"]))
                else:
                    grade = str(rng.choice([5, 7, 9, 10]))
                nip = make_nip(rng, rng.randint(1968, 2000), 2 if female else 1)
                while nip in used_nips:
                    nip = make_nip(rng, rng.randint(1968, 2000), 2 if female else 1)
                used_nips.add(nip)
                internal = None
            employees.append(Employee(
                unit=unit, employment_type=etype, nip=nip, internal_id=internal, name=name, position=position,
                position_class=pclass, grade=grade, phone=f"08{rng.randint(11, 99)}{rng.randint(10000000, 99999999)}",
                email=f"{name.lower().replace(' ', '.')}{i}@jateng.kemenkumham.go.id" if etype != "ppnpn" else ""))
    # Demo users get an employee record each, so that "Data saya" works for them.
    for user in User.objects.filter(unit__isnull=False).select_related("unit"):
        nip = make_nip(rng, 1985, 1)
        employees.append(Employee(unit=user.unit, employment_type="pns", nip=nip, name=user.get_full_name(),
                                  position="Analis Kepegawaian" if user.role != "pimpinan" else "Kepala Kantor Wilayah",
                                  position_class="fungsional" if user.role != "pimpinan" else "jpt",
                                  grade="III/c", email=user.email, user=user))
    with audit.disabled():
        Employee.objects.bulk_create(employees, batch_size=500)
        accounts = []
        for e in employees:
            for platform in rng.sample(PLATFORMS, k=rng.choices([0, 1, 2, 3], [15, 40, 30, 15])[0]):
                base = e.name.lower().replace(" ", rng.choice(["", ".", "_"])) + str(rng.randint(1, 99))
                if (platform, base) in used_handles:
                    continue
                used_handles.add((platform, base))
                accounts.append(SocialAccount(employee=e, platform=platform, handle=base,
                                              profile_url=PROFILE_URL[platform].format(base),
                                              source=rng.choice(["declared", "found", "imported"]),
                                              verified=rng.random() < 0.5))
        SocialAccount.objects.bulk_create(accounts, batch_size=500)
    audit.record("event", model="people.employee", object_pk="demo", object_repr="Data contoh pegawai",
                 after={"employees": len(employees), "accounts": len(accounts)}, note="seed_demo")
