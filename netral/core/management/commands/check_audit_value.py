import sys

from django.core.management.base import BaseCommand, CommandError

from netral.core.audit import is_sensitive_marker, value_matches
from netral.core.models import AuditEntry


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = ("Mencocokkan sebuah nilai dengan sidik (HMAC) kolom yang disembunyikan di satu entri jejak audit "
            "(audit_sensitive: NIK, telepon, e-mail, teks konten). Nilai dibaca dari stdin, tidak dari baris "
            "perintah, agar tidak tersimpan di riwayat shell. Keluar dengan status 1 bila tidak cocok.")

    def add_arguments(self, parser):
        parser.add_argument("seq", type=int, help="Nomor entri audit (#seq).")
        parser.add_argument("field", help="Nama kolom, mis. nik, phone, email, text.")

    def handle(self, *args, seq, field, **options):
        entry = AuditEntry.objects.filter(seq=seq).first()
        if entry is None:
            raise CommandError(f"Entri audit #{seq} tidak ada.")
        if not any(is_sensitive_marker((getattr(entry, side) or {}).get(field)) for side in ("before", "after")):
            raise CommandError(f"Entri #{seq} ({entry.model}) tidak memuat sidik untuk kolom '{field}'.")
        value = (options.get("stdin") or sys.stdin).read()
        if value.endswith("\n"):
            value = value[:-1].removesuffix("\r")
        sides = value_matches(entry, field, value)
        names = {"before": "sebelum", "after": "sesudah"}
        if not sides:
            raise CommandError(f"TIDAK COCOK: nilai itu bukan '{field}' yang tercatat di entri #{seq}.")
        self.stdout.write(self.style.SUCCESS(
            f"COCOK: nilai itu adalah '{field}' {' dan '.join(names[s] for s in sides)} perubahan di entri #{seq} "
            f"({entry.model} {entry.object_pk})."))
