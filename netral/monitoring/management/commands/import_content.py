"""Bulk capture from the command line, for files too big to upload through a browser."""

import sys

from django.core.management.base import BaseCommand, CommandError

from netral.core import audit
from netral.core.models import OrgUnit, User
from netral.monitoring import ingest
from netral.monitoring.models import ContentItem
from netral.monitoring.scanning import scan_items


def bar(label, done, total, final=False):
    width = 30
    frac = 1.0 if final or not total else min(1.0, done / total)
    filled = int(width * frac)
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {frac * 100:5.1f}% ({done}/{total})")
    if final:
        sys.stderr.write("\n")
    sys.stderr.flush()


class Command(BaseCommand):
    help = ("Impor konten media sosial dari berkas (X API v2/twarc2, CSV/JSONL umum, ekspor Facebook/Instagram/"
            "TikTok, Zeeschuimer/4CAT), lalu pindai dengan detektor. Menampilkan bilah kemajuan.")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as-user", required=True, help="Pengguna (Tim Pengawas/Admin/Operator) yang mengimpor.")
        parser.add_argument("--format", default="auto", help="auto (dikenali dari isi) atau: "
                            + ", ".join(ingest.BY_FORMAT))
        parser.add_argument("--unit", help="Kode unit pemilik konten (bawaan: unit pengguna).")
        parser.add_argument("--account", default="", help="Nama akun pemilik berkas ekspor (untuk ekspor DYI).")
        parser.add_argument("--no-scan", action="store_true", help="Simpan saja; pemindaian lewat antrean tugas.")

    def handle(self, path, as_user, format="auto", unit=None, account="", no_scan=False, **options):
        user = User.objects.filter(username=as_user).select_related("unit").first()
        if user is None or not user.has_role("admin", "pengawas", "operator"):
            raise CommandError(f"Pengguna {as_user!r} tidak ditemukan atau tidak berwenang mengimpor konten.")
        target = user.unit
        if unit:
            target = OrgUnit.objects.for_user(user).filter(code=unit).first()
            if target is None:
                raise CommandError(f"Unit {unit!r} tidak ditemukan dalam cakupan {as_user}.")
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError as e:
            raise CommandError(f"Berkas tidak dapat dibaca: {e}") from e
        fmt = ingest.detect_format(data, path) if format == "auto" else format
        if fmt is None:
            raise CommandError("Format berkas tidak dikenali; sebutkan dengan --format.")
        try:
            records = list(ingest.parse(data, fmt, account_handle=account.lstrip("@").lower()))
        except ingest.FormatError as e:
            raise CommandError(str(e)) from e
        total = len(records)
        from netral.monitoring.store import save_records

        with audit.acting_as(user):
            result = save_records(records, unit=target, user=user, source=ContentItem.Source.IMPORT,
                                  progress=lambda done: bar("Simpan", done, total))
            audit.record("event", model="monitoring.contentimport", object_pk="cli", object_repr=path[-255:],
                         unit_path=target.path, after={"summary": result["summary"], "format": fmt},
                         note=f"impor konten {fmt} (CLI)")
        bar("Simpan", total, total, final=True)
        ids = result.pop("ids")
        s = result["summary"]
        self.stdout.write(f"Format {fmt}: {s['create']} konten baru, {s['duplicate']} duplikat, {s['error']} ditolak.")
        for line, reason in result["errors"]:
            self.stdout.write(f"  baris {line}: {reason}")
        if no_scan or not ids:
            return
        stats = {"scanned": 0, "findings": 0}
        for i in range(0, len(ids), 500):
            part = scan_items(ids[i:i + 500])
            stats["scanned"] += part["scanned"]
            stats["findings"] += part["findings"]
            bar("Pindai", min(i + 500, len(ids)), len(ids))
        bar("Pindai", len(ids), len(ids), final=True)
        self.stdout.write(f"Dipindai: {stats['scanned']} konten, {stats['findings']} temuan baru.")
