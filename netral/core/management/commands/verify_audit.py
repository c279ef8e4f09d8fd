from django.core.management.base import BaseCommand, CommandError

from netral.core.audit import exported_heads, verify_chain


class Command(BaseCommand):
    help = ("Memeriksa seluruh rantai hash jejak audit (HMAC dengan kunci audit) dan membandingkannya dengan kepala "
            "rantai yang diekspor; menyebut entri pertama yang rusak.")

    def add_arguments(self, parser):
        parser.add_argument("--head", action="append", default=[], metavar="BERKAS",
                            help="Berkas kepala rantai tambahan (mis. lampiran e-mail), boleh lebih dari satu.")

    def handle(self, *args, **options):
        heads = exported_heads(extra=options["head"])
        checked, problem = verify_chain(heads=heads)
        if problem:
            seq, reason = problem
            raise CommandError(f"Rantai audit RUSAK pada entri #{seq}: {reason}. ({checked} entri sebelumnya utuh.)")
        if heads:
            latest = max(heads, key=lambda h: h["seq"])
            self.stdout.write(f"Dibandingkan dengan {len(heads)} kepala rantai yang diekspor "
                              f"(terakhir #{latest['seq']}, {latest['exported_at']}).")
        else:
            self.stdout.write(self.style.WARNING(
                "PERINGATAN: belum ada kepala rantai yang diekspor (AUDIT_HEAD_DIR / --head); entri terakhir yang "
                "dihapus tidak dapat dideteksi. Jalankan `manage.py export_audit_head` atau penjadwal."))
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {checked} entri diperiksa."))
