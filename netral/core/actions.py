"""Workflows across models in core: importing org units from a spreadsheet."""

from netral.core import audit
from netral.core.models import OrgUnit
from netral.core import imports
from netral.core.imports import CLEAR, KEEP, ImportResult, cell
from netral.core.tabular import Table, require_columns

UNIT_COLUMNS = ["kode", "nama", "jenis", "kode induk", "provinsi", "kabupaten/kota", "alamat"]
# Accept English headers too: HR and IT staff export both.
UNIT_ALIASES = {"code": "kode", "name": "nama", "kind": "jenis", "parent code": "kode induk",
                "parent": "kode induk", "province": "provinsi", "regency": "kabupaten/kota",
                "kabupaten": "kabupaten/kota", "kota": "kabupaten/kota", "address": "alamat"}
KIND_BY_LABEL = {str(label).lower(): value for value, label in OrgUnit.Kind.choices}
KIND_BY_LABEL.update({v: v for v in OrgUnit.Kind.values})
KIND_BY_LABEL.update({"kanim": "imigrasi", "imigrasi": "imigrasi", "kanwil": "kanwil", "divisi": "division",
                      "bagian": "division", "kementerian": "ministry"})


def unit_rows(table: Table) -> Table:
    """The table with English or Indonesian headers mapped to the unit columns (UNIT_ALIASES)."""
    return Table(header=[UNIT_ALIASES.get(h, h) for h in table.header],
                 rows=[(n, {UNIT_ALIASES.get(k, k): v for k, v in row.items()}) for n, row in table.rows],
                 encoding=table.encoding, delimiter=table.delimiter, lossy=table.lossy, errors=table.errors)


def check_unit_table(table: Table):
    """Refuse a file without the required columns before anything is stored (TableError names them)."""
    require_columns(unit_rows(table), ["kode", "nama", "jenis"])


def import_units(table: Table, user, *, progress=None, recheck=None) -> ImportResult:
    """Upsert units by code. Bad rows are reported with their row number and column; good rows are kept.

    A row may name as parent a unit defined earlier in the same file. Every unit must end up inside the
    importing user's own subtree: the parent is looked up in the user's scope and an existing code outside it
    is refused, on every row. Rows are written one savepoint each, committed in chunks (`imports.apply_rows`:
    `progress` after each chunk, `recheck` before it).
    """
    table = unit_rows(table)
    require_columns(table, ["kode", "nama", "jenis"])
    result = ImportResult()
    seen = set()
    result.errors.extend(table.errors)  # rows the reader could not read at all

    def err(number, reason, column=""):
        result.errors.append((number, imports.issue(reason, column)))

    def one(number, row):
        code, name = str(row.get("kode") or "").strip(), str(row.get("nama") or "").strip()
        kind = KIND_BY_LABEL.get(str(row.get("jenis") or "").strip().lower())
        parent_code = str(row.get("kode induk") or "").strip()
        if not code:
            return err(number, "Kode unit kosong.", "kode")
        if len(code) > 32:
            return err(number, "Kode unit lebih dari 32 karakter.", "kode")
        if code in seen:
            return err(number, f"Kode {code} muncul lebih dari sekali dalam berkas.", "kode")
        if not name:
            return err(number, "Nama unit kosong.", "nama")
        if kind is None:
            return err(number, f"Jenis unit tidak dikenal: {str(row.get('jenis') or '')[:40]!r}.", "jenis")
        parent = None
        if parent_code:
            # Looked up in scope only: an unknown code and one outside scope read the same.
            parent = OrgUnit.objects.for_user(user).filter(code=parent_code).first()
            if parent is None:
                return err(number, f"Unit induk {parent_code[:40]} tidak dikenal atau berada di luar wewenang Anda.",
                           "kode induk")
        elif not (user.is_superuser and user.unit_id is None):
            return err(number, "Kode induk wajib diisi (unit harus berada di bawah unit Anda).", "kode induk")
        existing = OrgUnit.objects.filter(code=code).first()
        if existing is not None and not user.can_see_unit(existing):
            return err(number, f"Kode {code} tidak dapat dipakai; gunakan kode lain.", "kode")
        # Upsert rules (core.imports): an absent column or empty cell keeps the recorded value, "-" clears it.
        values = dict(name=name[:200], kind=kind, parent=parent)
        for column, attr, limit in (("provinsi", "province", 100), ("kabupaten/kota", "regency", 100),
                                    ("alamat", "address", 1000)):
            value = cell(row, column)
            if value is CLEAR:
                values[attr] = ""
            elif value is not KEEP:
                values[attr] = value[:limit]
        if existing is not None and parent is not None and parent.path.startswith(existing.path):
            return err(number, "Unit induk tidak boleh unit ini sendiri atau unit di bawahnya.", "kode induk")
        seen.add(code)
        if existing is None:
            OrgUnit.objects.create(code=code, **values)
            result.created += 1
        elif any(getattr(existing, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(existing, k, v)
            existing.save()
            result.updated += 1
        else:
            result.unchanged += 1

    with audit.acting_as(user):
        imports.apply_rows(table.rows, one, on_error=err, progress=progress, recheck=recheck)
    return result
