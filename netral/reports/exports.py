"""Exports of findings (and cases, once that module is in) as CSV or Excel: the filters of the
list on screen, the columns the user picks, and a pseudonymised variant for statistics shared
outside the office (names, NIP and account names replaced by stable keyed pseudonyms, units kept).

A pseudonym is core.privacy.pseudonym (HMAC-SHA256 under PSEUDONYM_KEY, 64 bits shown): the same
person gets the same code in every export made with the same key, so counts per person survive,
and without the key the code cannot be turned back into a name (docs/reports.md).
"""

import csv
import io
from dataclasses import dataclass
from typing import Callable

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.core import privacy
from netral.core.tabular import safe_cell


def pseudonym(kind, identifier, prefix="P"):
    """`PG-…` / `AK-…`: the one keyed pseudonym of core.privacy, with this export's prefix."""
    return privacy.pseudonym(identifier, purpose=kind, prefix=prefix).upper()


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    get: Callable
    pseudo: Callable = None  # the value in a pseudonymised export; None = shared as is
    drop: bool = False  # never in a pseudonymised export (free text that may name people)


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def employee_key(e):
    return (e.nip or e.nik or e.internal_id or f"id{e.pk}") if e else ""


def employee_pseudonym(e):
    # Keyed on the record, not on its NIP: a NIP filled in later must not give the person a new code.
    return pseudonym("employee", f"id{e.pk}", "PG") if e else ""


def _finding_person(f):
    return employee_pseudonym(f.employee)


FINDING_COLUMNS = [
    Column("id", _("ID temuan"), lambda f: f.pk),
    Column("status", _("Status"), lambda f: f.get_status_display()),
    Column("unit", _("Unit kerja"), lambda f: f.unit.name),
    Column("employee", _("Nama pegawai"), lambda f: f.employee.name if f.employee else "", _finding_person),
    Column("nip", _("NIP / ID pegawai"), lambda f: employee_key(f.employee), _finding_person),
    Column("platform", _("Platform"), lambda f: f.get_platform_display()),
    Column("interaction", _("Interaksi"), lambda f: f.get_interaction_display()),
    Column("handle", _("Akun"), lambda f: f.content.handle,
           lambda f: pseudonym("handle", f"{f.platform}:{f.content.handle}", "AK")),
    Column("posted_at", _("Waktu unggah"), lambda f: _local(f.posted_at)),
    Column("labels", _("Label"), lambda f: ", ".join(str(lab) for _k, lab in f.labels())),
    Column("score", _("Skor"), lambda f: round(f.score, 3)),
    Column("skb_item", _("Kategori SKB"), lambda f: f.skb_item),
    Column("phase", _("Fase"), lambda f: f.phase),
    Column("case", _("Nomor kasus"), lambda f: f.case.number if f.case_id else ""),
    Column("decided_at", _("Waktu keputusan"), lambda f: _local(f.decided_at)),
    Column("url", _("URL konten"), lambda f: f.content.url, drop=True),
    Column("text", _("Teks konten"), lambda f: f.content.text, drop=True),
]
DEFAULT_FINDING_COLUMNS = ["id", "status", "unit", "employee", "nip", "platform", "posted_at", "labels", "skb_item"]


def _people(c):
    return list(c.employees.all())


CASE_COLUMNS = [
    Column("number", _("Nomor"), lambda c: c.number),
    Column("state", _("Status"), lambda c: c.get_state_display()),
    Column("unit", _("Unit kerja"), lambda c: c.unit.name),
    Column("employees", _("Pegawai"), lambda c: "; ".join(e.name for e in _people(c)),
           lambda c: "; ".join(employee_pseudonym(e) for e in _people(c))),
    Column("nip", _("NIP / ID pegawai"), lambda c: "; ".join(employee_key(e) for e in _people(c)),
           lambda c: "; ".join(employee_pseudonym(e) for e in _people(c))),
    Column("skb_items", _("Butir SKB"), lambda c: ", ".join(c.skb_items or [])),
    Column("source", _("Sumber"), lambda c: c.get_source_display()),
    Column("election", _("Pemilu/pilkada"), lambda c: c.election.name if c.election_id else ""),
    Column("opened_at", _("Dibuka"), lambda c: _local(c.opened_at)),
    Column("decided_at", _("Diputuskan"), lambda c: _local(c.decided_at)),
    Column("closed_at", _("Selesai"), lambda c: _local(c.closed_at)),
    Column("tier", _("Tingkat sanksi yang direkomendasikan"), lambda c: c.get_recommended_tier_display()),
    Column("title", _("Judul"), lambda c: c.title, drop=True),
    Column("handle", _("Akun"), lambda c: c.handle, lambda c: pseudonym("handle", c.handle, "AK")),
]
DEFAULT_CASE_COLUMNS = ["number", "state", "unit", "employees", "nip", "skb_items", "opened_at", "decided_at"]


def columns_for(columns, keys, pseudonymise, default=None):
    chosen = [c for c in columns if c.key in keys] or [c for c in columns if c.key in (default or
                                                                                       DEFAULT_FINDING_COLUMNS)]
    if pseudonymise:
        chosen = [c for c in chosen if not c.drop] or [c for c in columns if c.key in (default or
                                                                                        DEFAULT_FINDING_COLUMNS)
                                                       and not c.drop]  # only free text picked: not rows of nothing
    return chosen


def cell(col, obj, pseudonymise):
    if pseudonymise and col.pseudo is not None:
        return col.pseudo(obj)
    return col.get(obj)


def rows(qs, cols, pseudonymise):
    for obj in qs.iterator(chunk_size=2000):
        yield [cell(c, obj, pseudonymise) for c in cols]


def write_csv(header, data):
    """Generator of CSV text chunks (UTF-8 with BOM so that Excel reads it)."""

    class Echo:
        def write(self, value):
            return value

    w = csv.writer(Echo())
    yield "\ufeff"
    yield w.writerow(header)
    for r in data:
        yield w.writerow([safe_cell("" if v is None else str(v)) if not isinstance(v, int | float) else v for v in r])


def write_xlsx(title, header, data) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(title)[:31])
    ws.append([str(h) for h in header])
    for r in data:
        ws.append([None if v is None else safe_cell(v) for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
