"""Workflows across models in core: importing org units from a spreadsheet."""

from dataclasses import dataclass, field

from django.db import transaction

from netral.core import audit
from netral.core.models import OrgUnit
from netral.core.imports import CLEAR, KEEP, cell
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


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self):
        return self.created + self.updated + self.unchanged


def import_units(table: Table, user) -> ImportResult:
    """Upsert units by code. Bad rows are reported with their row number; good rows are kept.

    A row may name as parent a unit defined earlier in the same file. Every unit must end up
    inside the importing user's own subtree.
    """
    table.header = [UNIT_ALIASES.get(h, h) for h in table.header]
    table.rows = [(n, {UNIT_ALIASES.get(k, k): v for k, v in row.items()}) for n, row in table.rows]
    require_columns(table, ["kode", "nama", "jenis"])
    result = ImportResult()
    seen = set()
    result.errors.extend(table.errors)  # rows the reader could not read at all
    with transaction.atomic(), audit.acting_as(user):
        for number, row in table.rows:
            code, name = row.get("kode", "").strip(), row.get("nama", "").strip()
            kind = KIND_BY_LABEL.get(row.get("jenis", "").strip().lower())
            parent_code = row.get("kode induk", "").strip()
            if not code:
                result.errors.append((number, "Kode unit kosong."))
                continue
            if len(code) > 32:
                result.errors.append((number, "Kode unit lebih dari 32 karakter."))
                continue
            if code in seen:
                result.errors.append((number, f"Kode {code} muncul lebih dari sekali dalam berkas."))
                continue
            if not name:
                result.errors.append((number, "Nama unit kosong."))
                continue
            if kind is None:
                result.errors.append((number, f"Jenis unit tidak dikenal: {row.get('jenis', '')!r}."))
                continue
            parent = None
            if parent_code:
                # Looked up in scope only: an unknown code and one outside scope read the same.
                parent = OrgUnit.objects.for_user(user).filter(code=parent_code).first()
                if parent is None:
                    result.errors.append((number, f"Unit induk {parent_code} tidak dikenal atau berada di luar "
                                                  "wewenang Anda."))
                    continue
            elif not (user.is_superuser and user.unit_id is None):
                result.errors.append((number, "Kode induk wajib diisi (unit harus berada di bawah unit Anda)."))
                continue
            existing = OrgUnit.objects.filter(code=code).first()
            if existing is not None and not user.can_see_unit(existing):
                result.errors.append((number, f"Kode {code} tidak dapat dipakai; gunakan kode lain."))
                continue
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
                result.errors.append((number, "Unit induk tidak boleh unit ini sendiri atau unit di bawahnya."))
                continue
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
    return result
