import sys

from django.core.management.base import BaseCommand, CommandError

from netral.core import audit
from netral.core.models import User
from netral.core.tabular import TableError, read_table
from netral.people import roster_import


class Command(BaseCommand):
    help = "Impor daftar pegawai dari CSV/XLSX (upsert per NIP), dengan bilah kemajuan dan laporan baris ditolak."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as-user", required=True, help="Pengguna admin/operator yang melakukan impor.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, jangan simpan.")

    def handle(self, path, as_user, dry_run=False, **options):
        user = User.objects.filter(username=as_user).select_related("unit").first()
        if user is None or not user.has_role("admin", "operator"):
            raise CommandError(f"Pengguna admin/operator {as_user!r} tidak ditemukan.")
        try:
            table = read_table(path)
            mapping = roster_import.guess_mapping(table.header)
            with audit.acting_as(user):
                plan = roster_import.plan(table, mapping, user, progress=self.bar)
                self.bar(1, 1, final=True)
                if dry_run:
                    result = {"summary": plan.summary(), "errors": plan.errors, "warnings": plan.warnings}
                else:
                    result = roster_import.apply(plan, user, note=f"CLI {path}")
        except (TableError, OSError) as e:
            raise CommandError(str(e)) from e
        s = result["summary"]
        self.stdout.write(("UJI COBA: " if dry_run else "") + f"{s['create']} baru, {s['update']} diperbarui, "
                          f"{s['unchanged']} tidak berubah, {s['rejected']} ditolak.")
        for row, reason in result["errors"]:
            self.stdout.write(f"  baris {row}: {reason}")
        for row, reason in result["warnings"]:
            self.stdout.write(f"  baris {row} (catatan): {reason}")

    def bar(self, done, total, final=False):
        width = 30
        frac = 1 if final else (done / total if total else 1)
        filled = int(width * frac)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {frac * 100:5.1f}%")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()
