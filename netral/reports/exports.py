"""Exports of findings (and cases, once that module is in) as CSV or Excel: the filters of the
list on screen, the columns the user picks, and a pseudonymised variant for statistics shared
outside the office (names, NIP and account names replaced by stable keyed pseudonyms, units kept).

A pseudonym is HMAC-SHA256(PSEUDONYM_KEY, kind + identifier): the same person gets the same code
in every export made with the same key, so counts per person survive, and without the key the
code cannot be turned back into a name (docs/reports.md).
"""

import csv
import hashlib
import hmac
import io
from dataclasses import dataclass
from typing import Callable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from netral.reports.render import safe


def pseudonym_key():
    key = settings.PSEUDONYM_KEY or hmac.new(settings.SECRET_KEY.encode(), b"netral-pseudonym",
                                             hashlib.sha256).hexdigest()
    return key.encode()


def pseudonym(kind, identifier, prefix="P"):
    if identifier in (None, ""):
        return ""
    digest = hmac.new(pseudonym_key(), f"{kind}:{identifier}".encode(), hashlib.sha256).hexdigest()
    return f"{prefix}-{digest[:10].upper()}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    get: Callable
    personal: str = ""  # "" = safe to share; "pseudo" = replaced by a pseudonym; "drop" = never shared


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%d %H:%M") if dt else ""


def _employee_id(f):
    e = f.employee
    return (e.nip or e.nik or e.internal_id or f"id{e.pk}") if e else ""


FINDING_COLUMNS = [
    Column("id", _("ID temuan"), lambda f: f.pk),
    Column("status", _("Status"), lambda f: f.get_status_display()),
    Column("unit", _("Unit kerja"), lambda f: f.unit.name),
    Column("employee", _("Nama pegawai"), lambda f: f.employee.name if f.employee else "", "pseudo"),
    Column("nip", _("NIP / ID pegawai"), _employee_id, "pseudo"),
    Column("platform", _("Platform"), lambda f: f.get_platform_display()),
    Column("interaction", _("Interaksi"), lambda f: f.get_interaction_display()),
    Column("handle", _("Akun"), lambda f: f.content.handle, "pseudo"),
    Column("posted_at", _("Waktu unggah"), lambda f: _local(f.posted_at)),
    Column("labels", _("Label"), lambda f: ", ".join(str(lab) for _k, lab in f.labels())),
    Column("score", _("Skor"), lambda f: round(f.score, 3)),
    Column("skb_item", _("Kategori SKB"), lambda f: f.skb_item),
    Column("phase", _("Fase"), lambda f: f.phase),
    Column("decided_at", _("Waktu keputusan"), lambda f: _local(f.decided_at)),
    Column("url", _("URL konten"), lambda f: f.content.url, "drop"),
    Column("text", _("Teks konten"), lambda f: f.content.text, "drop"),
]
DEFAULT_FINDING_COLUMNS = ["id", "status", "unit", "employee", "nip", "platform", "posted_at", "labels", "skb_item"]


def columns_for(columns, keys, pseudonymise):
    chosen = [c for c in columns if c.key in keys] or [c for c in columns if c.key in DEFAULT_FINDING_COLUMNS]
    if pseudonymise:
        chosen = [c for c in chosen if c.personal != "drop"]
    return chosen


def cell(col, obj, pseudonymise):
    value = col.get(obj)
    if pseudonymise and col.personal == "pseudo":
        if col.key in ("employee", "nip"):
            # Name and NIP columns both show the person's one pseudonym.
            e = getattr(obj, "employee", None)
            return pseudonym("employee", _employee_id(obj) if e else "", "PG")
        return pseudonym(col.key, value, "AK")
    return value


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
        yield w.writerow([safe("" if v is None else str(v)) if not isinstance(v, int | float) else v for v in r])


def write_xlsx(title, header, data) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(str(title)[:31])
    ws.append([str(h) for h in header])
    for r in data:
        ws.append([safe(v) for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
