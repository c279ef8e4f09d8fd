from django.core.management.base import BaseCommand, CommandError

from netral.core.actions import import_units
from netral.core.models import User
from netral.core.tabular import TableError, read_table


class Command(BaseCommand):
    help = "Impor unit kerja dari CSV/XLSX (kolom: kode, nama, jenis, kode induk, provinsi, kabupaten/kota, alamat)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--as-user", required=True, help="Nama pengguna admin yang melakukan impor.")

    def handle(self, path, as_user, **options):
        user = User.objects.filter(username=as_user).first()
        if user is None or not user.has_role("admin"):
            raise CommandError(f"Pengguna admin {as_user!r} tidak ditemukan.")
        try:
            result = import_units(read_table(path), user)
        except (TableError, OSError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"{result.created} baru, {result.updated} diperbarui, {result.unchanged} tidak berubah, "
                          f"{len(result.errors)} ditolak.")
        for row, reason in result.errors:
            self.stdout.write(f"  baris {row}: {reason}")
