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
from netral.core.imports import CLEAR, CLEAR_MARKERS, KEEP, MAX_YEAR, MIN_YEAR, cell, changes, guarded, issue
from netral.core.tabular import Table, TableError, normalise_header
from netral.people.accounts import AccountError, normalise_account
from netral.people.models import Employee, EmployeeMove, EmploymentType, PositionClass, SocialAccount, GRADES, PPPK_GRADES
from netral.people.models import deactivate_logins
from netral.people.nip import NIPError, clean_nip, is_digits, parse_nip

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
ACTIVE_VALUES = {"aktif": True, "ya": True, "y": True, "1": True, "true": True,
                 "tidak aktif": False, "nonaktif": False, "non aktif": False, "tidak": False, "n": False, "0": False,
                 "false": False, "pensiun": False, "berhenti": False, "meninggal": False, "mutasi keluar": False}
# What a new employee gets for the fields its row leaves empty.
NEW_DEFAULTS = dict(nip=None, nik="", internal_id=None, position="", position_class="pelaksana", grade="", email="",
                    phone="", is_active=True, end_date=None)
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
    employees: dict = field(default_factory=dict)    # key -> matched employee in scope (updated or unchanged)
    columns: dict = field(default_factory=dict)      # row -> the column its error is about, where one is
    total: int = 0

    def summary(self):
        return {"total": self.total, "create": len(self.creates), "update": len(self.updates),
                "unchanged": self.unchanged, "rejected": len(self.errors), "warnings": len(self.warnings),
                "accounts": len(self.accounts)}


def _is_email(raw):
    """The roster form's rule (Django's EmailField): no line break, one @, a domain."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(raw)
    except ValidationError:
        return False
    return True


def _parse_date(value):
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            day = dt.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
        if not MIN_YEAR <= day.year <= MAX_YEAR:  # the forms' rule (core.forms.plausible_year)
            raise ValueError(value)
        return day
    raise ValueError(value)


def _chunks(items, size=900):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def plan(table: Table, mapping: dict, user, progress=None) -> Plan:
    """Validate every row. Writes nothing.

    The upsert rules of `netral.core.imports` apply: a column left out or an empty cell keeps what is recorded,
    `-` / `(kosongkan)` clears an optional field, the status changes only through the status column. Rows are
    matched only against employees the user may see; a key that belongs to an employee elsewhere is refused with
    the message of any row outside the user's scope.
    """
    missing = [FIELD_LABELS[k] for k in REQUIRED if not mapping.get(k)]
    if not (mapping.get("unit_code") or mapping.get("unit_name")):
        missing.append("Kode unit atau Nama unit")
    if missing:
        raise TableError("Kolom wajib belum dipetakan: " + ", ".join(missing) + ".")
    if not (mapping.get("nip") or mapping.get("internal_id") or mapping.get("nik")):
        raise TableError("Petakan kolom NIP (atau NIK / nomor pegawai internal untuk PPNPN).")

    result = Plan(total=len(table.rows) + len(table.errors))
    result.errors.extend(table.errors)
    units = {u.code.lower(): u for u in OrgUnit.objects.for_user(user)}
    units_by_name = {u.name.lower(): u for u in units.values()}
    today = dt.date.today()

    def get(row, key):
        col = mapping.get(key)
        return str(row.get(col, "") if col else "").strip()

    # 1. The key of every row (NIP, else internal id, else NIK), then the employees they match, in bulk.
    keyed = []
    for number, row in table.rows:
        reason = _key_error(row, mapping, table, number, today)
        if isinstance(reason, str):
            result.errors.append((number, reason))
            result.columns[number] = mapping.get("nip") or mapping.get("internal_id") or mapping.get("nik") or ""
        else:
            keyed.append((number, row, reason))
    existing, elsewhere = _match(keyed, user)

    seen_keys = {}
    for i, (number, row, key) in enumerate(keyed):
        if progress and i % 1000 == 0:
            progress(i, len(table.rows))
        if key in seen_keys:
            result.errors.append((number, f"{key[0].upper().replace('_', ' ')} {key[1]} sudah muncul di baris "
                                          f"{seen_keys[key]}; baris ini dilewati."))
            result.columns[number] = mapping.get(key[0]) or ""
            continue
        seen_keys[key] = number
        if key in elsewhere:
            result.errors.append((number, out_of_scope(key)))
            result.columns[number] = mapping.get(key[0]) or ""
            continue
        emp = existing.get(key)
        row_plan = guarded(lambda reason: reason, _row_values, row, mapping, key, emp, units, units_by_name, today)
        if isinstance(row_plan, str):
            result.errors.append((number, row_plan))
            if getattr(row_plan, "column", ""):
                result.columns[number] = row_plan.column
            continue
        values = row_plan
        if emp is None:
            result.creates.append((number, values))
        else:
            result.employees[key] = emp
            changed = changes(emp, values)
            if changed:
                result.updates.append((number, emp, changed))
            else:
                result.unchanged += 1
        for platform in ACCOUNT_FIELDS:
            raw = get(row, platform)
            if not raw or raw.lower() in CLEAR_MARKERS:
                continue
            for one in [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]:
                try:
                    plat, handle, url = normalise_account(platform, one)
                except AccountError as e:
                    result.warnings.append((number, f"Akun {FIELD_LABELS[platform]} {one!r} dilewati: {e}"))
                    continue
                result.accounts.append((number, key, plat, handle, url))
    if progress:
        progress(len(table.rows), len(table.rows))
    result.errors.sort()
    return result


def out_of_scope(key) -> str:
    """The one refusal for a row about an employee the user may not touch: it never says whether the key exists."""
    return (f"{key[0].upper().replace('_', ' ')} {key[1]} tidak dapat diimpor: pegawai ini di luar wewenang Anda. "
            "Jika pegawai pindah ke unit Anda, minta admin memindahkannya.")


def _key_error(row, mapping, table, number, today):
    """The row's upsert key, or the reason it has none."""
    def get(key):
        col = mapping.get(key)
        return str(row.get(col, "") if col else "").strip()

    lossy = [k for k in ("nip", "nik") if mapping.get(k) and (number, mapping[k]) in table.lossy]
    if lossy:
        return (f"{lossy[0].upper()} disimpan Excel sebagai angka sehingga digit setelah digit ke-15 hilang. "
                "Format kolom itu sebagai Teks, ketik ulang, lalu unggah kembali.")
    nip = clean_nip(get("nip"))
    if nip and nip.lower() not in CLEAR_MARKERS:
        try:
            return ("nip", parse_nip(nip, today).value)
        except NIPError as e:
            return str(e)
    internal_id = get("internal_id")[:40]
    if internal_id and internal_id.lower() not in CLEAR_MARKERS:
        return ("internal_id", internal_id)
    nik = clean_nip(get("nik"))
    if nik and nik.lower() not in CLEAR_MARKERS:
        if not is_digits(nik) or len(nik) != 16:
            return "NIK harus 16 digit angka."
        return ("nik", nik)
    etype = TYPE_VALUES.get(get("employment_type").lower())
    if etype in ("pns", "pppk"):
        return "NIP wajib diisi untuk PNS dan PPPK."
    return "PPNPN wajib memiliki NIK atau nomor pegawai internal."


def _match(keyed, user):
    """({key: employee in scope}, {keys held by employees outside scope}).

    NIP and internal id are unique across the country, so a key held elsewhere can only be refused; NIK is not
    unique and is matched only inside the user's scope (another unit's namesake is never read).
    """
    in_scope, elsewhere = {}, set()
    scope = Employee.objects.for_user(user)
    for kind in ("nip", "internal_id", "nik"):
        wanted = sorted({k[1] for _, _, k in keyed if k[0] == kind})
        for chunk in _chunks(wanted):
            for e in scope.filter(**{f"{kind}__in": chunk}).select_related("unit").order_by("pk"):
                in_scope.setdefault((kind, getattr(e, kind)), e)
            if kind != "nik":
                taken = Employee.objects.filter(**{f"{kind}__in": chunk}).values_list(kind, flat=True)
                elsewhere.update((kind, v) for v in taken if (kind, v) not in in_scope)
    return in_scope, elsewhere


def _row_values(row, mapping, key, emp, units, units_by_name, today):
    """The fields this row sets under the upsert rules (`core.imports.cell`), or the reason the row is refused."""
    def want(k):
        return cell(row, mapping.get(k))

    def bad(k, reason):
        column = "unit_code" if k == "unit" and mapping.get("unit_code") else "unit_name" if k == "unit" else k
        return issue(reason, mapping.get(column) or FIELD_LABELS.get(column, ""))

    values = {}
    name = want("name")
    if name is CLEAR:
        return bad("name", "Nama tidak dapat dikosongkan.")
    if name is not KEEP:
        values["name"] = " ".join(name.split())[:200]
    elif emp is None:
        return bad("name", "Nama kosong.")
    etype_raw = want("employment_type")
    if etype_raw is CLEAR:
        return bad("employment_type", "Jenis pegawai tidak dapat dikosongkan.")
    if etype_raw is not KEEP:
        etype = TYPE_VALUES.get(etype_raw.lower())
        if etype is None:
            return bad("employment_type", f"Jenis pegawai tidak dikenal: {etype_raw!r} (gunakan PNS, PPPK, atau PPNPN).")
        values["employment_type"] = etype
    elif emp is None:
        return bad("employment_type", "Jenis pegawai kosong (gunakan PNS, PPPK, atau PPNPN).")
    etype = values.get("employment_type", emp.employment_type if emp else "")
    values[key[0]] = key[1]
    nip = key[1] if key[0] == "nip" else (emp.nip if emp else None)
    if etype in ("pns", "pppk") and not nip:
        return bad("nip", "NIP wajib diisi untuk PNS dan PPPK.")
    for kind in ("nik", "internal_id"):
        raw = want(kind)
        if kind == key[0] or raw is KEEP:
            continue
        if raw is CLEAR:
            values[kind] = "" if kind == "nik" else None
            continue
        if kind == "nik":
            raw = clean_nip(raw)
            if not is_digits(raw) or len(raw) != 16:
                return bad("nik", "NIK harus 16 digit angka.")
        values[kind] = raw[:40]
    if etype == "ppnpn" and not (nip or values.get("nik", emp.nik if emp else "")
                                 or values.get("internal_id", emp.internal_id if emp else None)):
        return bad("nik", "PPNPN wajib memiliki NIK atau nomor pegawai internal.")

    code, uname = want("unit_code"), want("unit_name")
    if CLEAR in (code, uname):
        return bad("unit", "Unit tidak dapat dikosongkan.")
    if code is not KEEP or uname is not KEEP:
        unit = units.get(code.lower()) if code is not KEEP else units_by_name.get(uname.lower())
        if unit is None:
            # The same words whether the unit does not exist or lies outside the user's scope.
            return bad("unit", f"Unit tidak dikenal atau di luar wewenang Anda: {code if code is not KEEP else uname}.")
        values["unit_id"] = unit.pk
    elif emp is None:
        return bad("unit", "Unit kosong: isi kode unit atau nama unit.")

    for k, limit in (("position", 200), ("email", 254), ("phone", 30)):
        raw = want(k)
        if raw is CLEAR:
            values[k] = ""
        elif raw is not KEEP:
            if k == "email" and not _is_email(raw):
                return bad("email", f"Email tidak sah: {raw[:100]!r}.")
            values[k] = raw[:limit]
    pclass_raw = want("position_class")
    if pclass_raw is CLEAR:
        values["position_class"] = "pelaksana"
    elif pclass_raw is not KEEP:
        pclass = CLASS_VALUES.get(pclass_raw.lower())
        if pclass is None:
            return bad("position_class", f"Kelas jabatan tidak dikenal: {pclass_raw[:60]!r}.")
        values["position_class"] = pclass
    grade = want("grade")
    if grade is CLEAR:
        values["grade"] = ""
    elif grade is not KEEP:
        g = grade.replace(" ", "")
        if "/" in g:
            head, _, tail = g.partition("/")
            g = f"{head.upper()}/{tail.lower()}"
        valid = GRADES if etype == "pns" else PPPK_GRADES + GRADES
        if g not in valid:
            return bad("grade", f"Golongan tidak dikenal: {grade[:20]!r} (contoh: III/a; PPPK: 1–17).")
        values["grade"] = g

    # Status: only an explicit status cell changes it; a retired employee is never re-activated by silence.
    end_raw = want("end_date")
    if end_raw is CLEAR:
        values["end_date"] = None
    elif end_raw is not KEEP:
        try:
            values["end_date"] = _parse_date(end_raw)
        except ValueError:
            return bad("end_date", f"Tanggal berakhir tidak sah: {end_raw[:40]!r} (gunakan TTTT-BB-HH).")
    active_raw = want("active")
    if active_raw is CLEAR or (active_raw is not KEEP and active_raw.lower() not in ACTIVE_VALUES):
        return bad("active", f"Status aktif tidak dikenal: {str(row.get(mapping.get('active'), ''))[:40]!r} (gunakan Aktif / Tidak aktif).")
    if active_raw is not KEEP:
        is_active = ACTIVE_VALUES[active_raw.lower()]
        values["is_active"] = is_active
        if not is_active and not values.get("end_date") and not (emp and emp.end_date and not emp.is_active):
            values["end_date"] = today
        if is_active and emp is not None and not emp.is_active and "end_date" not in values:
            values["end_date"] = None  # the date it ended no longer holds
    end_date = values.get("end_date", emp.end_date if emp else None)
    is_active = values.get("is_active", emp.is_active if emp else True)
    if not is_active and end_date is None:
        return bad("end_date", "Tanggal berakhir tidak dapat dikosongkan untuk pegawai yang tidak aktif.")
    if emp is None:
        values = {**NEW_DEFAULTS, **values}
    return values


def apply(p: Plan, user, note="") -> dict:
    """Write a plan in one transaction. Returns the summary (with account conflicts as warnings)."""
    audit_items = []
    with transaction.atomic():
        new = [Employee(**values) for _, values in p.creates]
        Employee.objects.bulk_create(new, batch_size=500)
        units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={e.unit_id for e in new}
                                                           | {v.get("unit_id", emp.unit_id) for _, emp, v in p.updates})}
        for e in new:
            e.unit = units[e.unit_id]
            audit_items.append(dict(action="create", model="people.employee", object_pk=e.pk, object_repr=e.name,
                                    unit_path=e.unit.path, after=snapshot(e), note="impor"))
        moves, changed = [], []
        for _, emp, values in p.updates:
            before = snapshot(emp)
            if "unit_id" in values and emp.unit_id != values["unit_id"]:
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
        # bulk_update skips Employee.save(): the logins of employees ended by this file go here.
        deactivate_logins(Employee.objects.filter(pk__in=[e.pk for e in changed]))

        # Accounts: attach to the employee of their row; a conflict is reported, never merged.
        warnings = list(p.warnings)
        by_key = {}
        # Only the employees this import created or matched in scope: an account is never attached to anyone else.
        for e in new:
            for kind in ("nip", "internal_id", "nik"):
                if getattr(e, kind):
                    by_key.setdefault((kind, getattr(e, kind)), e)
        by_key.update(p.employees)
        wanted = {(plat, handle) for _, _, plat, handle, _ in p.accounts}
        owners = {}
        for chunk in _chunks(sorted({h for _, h in wanted})):
            for a in SocialAccount.objects.current().filter(handle__in=chunk).select_related("employee"):
                owners[(a.platform, a.handle)] = a.employee
        new_accounts = []
        for number, key, plat, handle, url in p.accounts:
            emp = by_key.get(key)
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
    return {"summary": summary, "errors": p.errors, "warnings": warnings, "columns": p.columns}
