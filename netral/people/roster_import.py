"""Importing the roster from the spreadsheets HR systems export.

Two steps, so that nothing surprises the operator:
1. `plan(table, mapping, user)` validates every row without writing: each row becomes a
   create, an update, an unchanged row or a rejected row with its number and reason
   (the dry run shows exactly this);
2. `apply(plan, user)` writes the plan in ONE transaction (bulk inserts and updates, moves
   between units, imported accounts, and the audit entries), so a crash half-way leaves
   nothing half-imported. Rejected rows never block the good ones.

The upsert key is the NIP; PPNPN without NIP are matched by internal id, then NIK.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from netral.core import audit
from netral.core.audit import snapshot
from netral.core.models import OrgUnit
from netral.core.tabular import Table, TableError, normalise_header
from netral.people.accounts import AccountError, normalise_account
from netral.people.models import Employee, EmployeeMove, EmploymentType, PositionClass, SocialAccount, GRADES, PPPK_GRADES
from netral.people.nip import NIPError, clean_nip, parse_nip

FIELDS = [
    # key, label, aliases (normalised header names)
    ("nip", "NIP", ["nip", "nip baru", "nomor induk pegawai", "nip pegawai"]),
    ("nik", "NIK", ["nik", "no ktp", "nomor ktp", "nomor induk kependudukan"]),
    ("internal_id", "Nomor pegawai internal", ["id internal", "nomor pegawai", "no pegawai", "id pegawai", "internal id"]),
    ("name", "Nama", ["nama", "nama lengkap", "nama pegawai", "name"]),
    ("employment_type", "Jenis pegawai", ["jenis pegawai", "status kepegawaian", "status pegawai", "jenis kepegawaian",
                                          "kedudukan", "employment type"]),
    ("position", "Jabatan", ["jabatan", "nama jabatan", "position"]),
    ("position_class", "Kelas jabatan", ["kelas jabatan", "jenis jabatan", "eselon/jenis jabatan"]),
    ("grade", "Golongan", ["golongan", "gol", "gol ruang", "golongan ruang", "pangkat/golongan", "pangkat golongan"]),
    ("unit_code", "Kode unit", ["kode unit", "kode satker", "kode unit kerja", "unit code"]),
    ("unit_name", "Nama unit", ["unit kerja", "satker", "nama unit", "nama satker", "unit"]),
    ("email", "Email", ["email", "e-mail", "surel"]),
    ("phone", "Telepon", ["telepon", "no hp", "nomor hp", "hp", "no telepon", "telp", "phone"]),
    ("active", "Status aktif", ["aktif", "status aktif", "status"]),
    ("end_date", "Tanggal berakhir", ["tanggal berakhir", "tmt berhenti", "tanggal berhenti", "end date"]),
    ("instagram", "Instagram", ["instagram", "ig", "akun instagram"]),
    ("facebook", "Facebook", ["facebook", "fb", "akun facebook"]),
    ("x", "X (Twitter)", ["x", "twitter", "akun x", "akun twitter"]),
    ("tiktok", "TikTok", ["tiktok", "akun tiktok"]),
    ("youtube", "YouTube", ["youtube", "akun youtube"]),
    ("threads", "Threads", ["threads", "akun threads"]),
]
FIELD_LABELS = {k: label for k, label, _ in FIELDS}
ACCOUNT_FIELDS = ["instagram", "facebook", "x", "tiktok", "youtube", "threads"]
REQUIRED = ["name", "employment_type"]

TYPE_VALUES = {
    "pns": "pns", "cpns": "pns", "pegawai negeri sipil": "pns", "asn": "pns",
    "pppk": "pppk", "p3k": "pppk", "pegawai pemerintah dengan perjanjian kerja": "pppk",
    "ppnpn": "ppnpn", "honorer": "ppnpn", "non asn": "ppnpn", "non-asn": "ppnpn", "tenaga kontrak": "ppnpn",
    "kontrak": "ppnpn", "thl": "ppnpn",
}
CLASS_VALUES = {
    "jpt": "jpt", "struktural jpt": "jpt", "pimpinan tinggi": "jpt", "jpt pratama": "jpt", "jpt madya": "jpt",
    "administrator": "administrator", "struktural administrator": "administrator", "eselon iii": "administrator",
    "pengawas": "pengawas", "struktural pengawas": "pengawas", "eselon iv": "pengawas",
    "fungsional": "fungsional", "jft": "fungsional", "fungsional tertentu": "fungsional",
    "pelaksana": "pelaksana", "jfu": "pelaksana", "fungsional umum": "pelaksana", "umum": "pelaksana", "": "pelaksana",
}
ACTIVE_VALUES = {"": True, "aktif": True, "ya": True, "y": True, "1": True, "true": True,
                 "tidak aktif": False, "nonaktif": False, "non aktif": False, "tidak": False, "n": False, "0": False,
                 "false": False, "pensiun": False, "berhenti": False, "meninggal": False, "mutasi keluar": False}
EMPLOYEE_FIELDS = ["unit_id", "employment_type", "nip", "nik", "internal_id", "name", "position", "position_class",
                   "grade", "email", "phone", "is_active", "end_date"]


def guess_mapping(header):
    """Map each field to the first column whose normalised header is one of its aliases."""
    mapping = {}
    for key, _, aliases in FIELDS:
        for h in header:
            if h in aliases:
                mapping[key] = h
                break
    return mapping


@dataclass
class Plan:
    creates: list = field(default_factory=list)      # (row, values)
    updates: list = field(default_factory=list)      # (row, employee, values)
    unchanged: int = 0
    errors: list = field(default_factory=list)       # (row, reason)
    warnings: list = field(default_factory=list)     # (row, reason): row kept, something in it skipped
    accounts: list = field(default_factory=list)     # (row, key, platform, handle, url)
    total: int = 0

    def summary(self):
        return {"total": self.total, "create": len(self.creates), "update": len(self.updates),
                "unchanged": self.unchanged, "rejected": len(self.errors), "warnings": len(self.warnings),
                "accounts": len(self.accounts)}


def _parse_date(value):
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _chunks(items, size=900):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def plan(table: Table, mapping: dict, user, progress=None) -> Plan:
    """Validate every row. Writes nothing."""
    missing = [FIELD_LABELS[k] for k in REQUIRED if not mapping.get(k)]
    if not (mapping.get("unit_code") or mapping.get("unit_name")):
        missing.append("Kode unit atau Nama unit")
    if missing:
        raise TableError("Kolom wajib belum dipetakan: " + ", ".join(missing) + ".")
    if not (mapping.get("nip") or mapping.get("internal_id") or mapping.get("nik")):
        raise TableError("Petakan kolom NIP (atau NIK / nomor pegawai internal untuk PPNPN).")

    result = Plan(total=len(table.rows))
    units = {u.code.lower(): u for u in OrgUnit.objects.for_user(user)}
    units_by_name = {u.name.lower(): u for u in units.values()}
    all_codes = set(OrgUnit.objects.values_list("code", flat=True))
    all_codes = {c.lower() for c in all_codes}

    def get(row, key):
        col = mapping.get(key)
        return (row.get(col, "") if col else "").strip()

    parsed = []  # (row_number, values, key)
    seen_keys = {}
    today = dt.date.today()
    for i, (number, row) in enumerate(table.rows):
        if progress and i % 1000 == 0:
            progress(i, len(table.rows))
        name = " ".join(get(row, "name").split())
        if not name:
            result.errors.append((number, "Nama kosong."))
            continue
        etype_raw = get(row, "employment_type").lower()
        etype = TYPE_VALUES.get(etype_raw)
        if etype is None:
            result.errors.append((number, f"Jenis pegawai tidak dikenal: {get(row, 'employment_type')!r} "
                                          "(gunakan PNS, PPPK, atau PPNPN)."))
            continue
        lossy = [k for k in ("nip", "nik") if mapping.get(k) and (number, mapping[k]) in table.lossy]
        if lossy:
            result.errors.append((number, f"{lossy[0].upper()} disimpan Excel sebagai angka sehingga digit setelah "
                                          "digit ke-15 hilang. Format kolom itu sebagai Teks, ketik ulang, lalu "
                                          "unggah kembali."))
            continue
        nip = clean_nip(get(row, "nip"))
        if nip:
            try:
                nip = parse_nip(nip, today).value
            except NIPError as e:
                result.errors.append((number, str(e)))
                continue
        elif etype in ("pns", "pppk"):
            result.errors.append((number, "NIP wajib diisi untuk PNS dan PPPK."))
            continue
        nik = clean_nip(get(row, "nik"))
        if nik and (not nik.isdigit() or len(nik) != 16):
            result.errors.append((number, "NIK harus 16 digit angka."))
            continue
        internal_id = get(row, "internal_id")[:40]
        if etype == "ppnpn" and not (nip or nik or internal_id):
            result.errors.append((number, "PPNPN wajib memiliki NIK atau nomor pegawai internal."))
            continue
        code, uname = get(row, "unit_code").lower(), get(row, "unit_name").lower()
        unit = units.get(code) if code else units_by_name.get(uname)
        if unit is None:
            if code and code in all_codes:
                result.errors.append((number, f"Unit {get(row, 'unit_code')} berada di luar wewenang Anda."))
            elif code:
                result.errors.append((number, f"Kode unit tidak dikenal: {get(row, 'unit_code')}."))
            else:
                result.errors.append((number, f"Unit tidak ditemukan: {get(row, 'unit_name') or '(kosong)'}."))
            continue
        pclass = CLASS_VALUES.get(get(row, "position_class").lower())
        if pclass is None:
            result.errors.append((number, f"Kelas jabatan tidak dikenal: {get(row, 'position_class')!r}."))
            continue
        grade = get(row, "grade").replace(" ", "")
        if grade:
            if "/" in grade:
                g, _, s = grade.partition("/")
                grade = f"{g.upper()}/{s.lower()}"
            valid = GRADES if etype == "pns" else PPPK_GRADES + GRADES
            if grade not in valid:
                result.errors.append((number, f"Golongan tidak dikenal: {get(row, 'grade')!r} (contoh: III/a; PPPK: 1–17)."))
                continue
        active_raw = get(row, "active").lower()
        if active_raw not in ACTIVE_VALUES:
            result.errors.append((number, f"Status aktif tidak dikenal: {get(row, 'active')!r} (gunakan Aktif / Tidak aktif)."))
            continue
        try:
            end_date = _parse_date(get(row, "end_date"))
        except ValueError:
            result.errors.append((number, f"Tanggal berakhir tidak sah: {get(row, 'end_date')!r} (gunakan TTTT-BB-HH)."))
            continue
        is_active = ACTIVE_VALUES[active_raw]
        if not is_active and end_date is None:
            end_date = today
        email = get(row, "email")[:254]
        if email and ("@" not in email or " " in email):
            result.errors.append((number, f"Email tidak sah: {email!r}."))
            continue
        key = ("nip", nip) if nip else ("internal_id", internal_id) if internal_id else ("nik", nik)
        if key in seen_keys:
            result.errors.append((number, f"{key[0].upper().replace('_', ' ')} {key[1]} sudah muncul di baris "
                                          f"{seen_keys[key]}; baris ini dilewati."))
            continue
        seen_keys[key] = number
        values = dict(unit_id=unit.pk, employment_type=etype, nip=nip or None, nik=nik, internal_id=internal_id or None,
                      name=name[:200], position=get(row, "position")[:200], position_class=pclass, grade=grade,
                      email=email, phone=get(row, "phone")[:30], is_active=is_active, end_date=end_date)
        parsed.append((number, values, key))
        for platform in ACCOUNT_FIELDS:
            raw = get(row, platform)
            if not raw:
                continue
            for one in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
                try:
                    plat, handle, url = normalise_account(platform, one)
                except AccountError as e:
                    result.warnings.append((number, f"Akun {FIELD_LABELS[platform]} {one!r} dilewati: {e}"))
                    continue
                result.accounts.append((number, key, plat, handle, url))

    # Match existing employees by key, in bulk.
    existing = {}
    for kind in ("nip", "internal_id", "nik"):
        wanted = [k[1] for _, _, k in parsed if k[0] == kind]
        for chunk in _chunks(wanted):
            for e in Employee.objects.filter(**{f"{kind}__in": chunk}).select_related("unit"):
                existing[(kind, getattr(e, kind))] = e
    for number, values, key in parsed:
        emp = existing.get(key)
        if emp is None:
            result.creates.append((number, values))
            continue
        if not user.can_see_unit(emp.unit):
            result.errors.append((number, f"{key[0].upper()} {key[1]} terdaftar di unit di luar wewenang Anda."))
            continue
        changed = {k: v for k, v in values.items() if getattr(emp, k) != v}
        if changed:
            result.updates.append((number, emp, values))
        else:
            result.unchanged += 1
    if progress:
        progress(len(table.rows), len(table.rows))
    result.errors.sort()
    return result


def apply(p: Plan, user, note="") -> dict:
    """Write a plan in one transaction. Returns the summary (with account conflicts as warnings)."""
    audit_items = []
    with transaction.atomic():
        new = [Employee(**values) for _, values in p.creates]
        Employee.objects.bulk_create(new, batch_size=500)
        units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={e.unit_id for e in new}
                                                           | {v["unit_id"] for _, _, v in p.updates})}
        for e in new:
            e.unit = units[e.unit_id]
            audit_items.append(dict(action="create", model="people.employee", object_pk=e.pk, object_repr=e.name,
                                    unit_path=e.unit.path, after=snapshot(e), note="impor"))
        moves, changed = [], []
        for _, emp, values in p.updates:
            before = snapshot(emp)
            if emp.unit_id != values["unit_id"]:
                moves.append(EmployeeMove(employee=emp, from_unit_id=emp.unit_id, to_unit_id=values["unit_id"],
                                          moved_by=user if getattr(user, "pk", None) else None, note="impor"))
            for k, v in values.items():
                setattr(emp, k, v)
            emp.unit = units[emp.unit_id]
            changed.append(emp)
            audit_items.append(dict(action="update", model="people.employee", object_pk=emp.pk,
                                    object_repr=emp.name, unit_path=emp.unit.path, before=before,
                                    after=snapshot(emp), note="impor"))
        Employee.objects.bulk_update(changed, EMPLOYEE_FIELDS, batch_size=500)
        EmployeeMove.objects.bulk_create(moves, batch_size=500)
        for m in moves:  # bulk_create fires no signal: a move is audited like any other change
            audit_items.append(dict(action="create", model="people.employeemove", object_pk=m.pk,
                                    object_repr=f"{m.employee.name}: {units[m.to_unit_id].name}",
                                    unit_path=units[m.to_unit_id].path, after=snapshot(m),
                                    note="impor"))

        # Accounts: attach to the employee of their row; a conflict is reported, never merged.
        warnings = list(p.warnings)
        by_key = {}
        for e in new + changed:
            for kind in ("nip", "internal_id", "nik"):
                if getattr(e, kind):
                    by_key.setdefault((kind, getattr(e, kind)), e)
        wanted = {(plat, handle) for _, _, plat, handle, _ in p.accounts}
        owners = {}
        for chunk in _chunks(sorted({h for _, h in wanted})):
            for a in SocialAccount.objects.current().filter(handle__in=chunk).select_related("employee"):
                owners[(a.platform, a.handle)] = a.employee
        new_accounts = []
        for number, key, plat, handle, url in p.accounts:
            emp = by_key.get(key)
            if emp is None:  # unchanged employee: look it up
                emp = Employee.objects.filter(**{key[0]: key[1]}).first()
                if emp is None:
                    continue
            owner = owners.get((plat, handle))
            if owner is not None:
                if owner.pk != emp.pk:
                    who = owner.name if user.can_see_unit(owner.unit) else "pegawai di unit lain"
                    warnings.append((number, f"Akun {plat} @{handle} sudah tercatat atas nama {who}; tidak ditambahkan."))
                continue
            owners[(plat, handle)] = emp
            new_accounts.append(SocialAccount(employee=emp, platform=plat, handle=handle, profile_url=url,
                                              source=SocialAccount.Source.IMPORTED,
                                              created_by=user if getattr(user, "pk", None) else None))
        SocialAccount.objects.bulk_create(new_accounts, batch_size=500)
        for a in new_accounts:
            audit_items.append(dict(action="create", model="people.socialaccount", object_pk=a.pk,
                                    object_repr=str(a), unit_path=a.employee.unit.path, after=snapshot(a),
                                    note="impor"))
        summary = p.summary()
        summary["accounts_created"] = len(new_accounts)
        summary["moves"] = len(moves)
        audit_items.append(dict(action="event", model="people.rosterimport", object_pk=note or "-",
                                object_repr="Impor daftar pegawai", unit_path=user.unit.path if user.unit_id else "",
                                after=summary, note="impor daftar pegawai"))
        audit.record_many(audit_items, actor=user)
    warnings.sort()
    return {"summary": summary, "errors": p.errors, "warnings": warnings}
