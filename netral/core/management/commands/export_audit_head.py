from django.core.management.base import BaseCommand, CommandError

from netral.core.audit import export_head


class Command(BaseCommand):
    help = ("Menulis kepala rantai audit (nomor dan hash entri terakhir) yang ditandatangani ke AUDIT_HEAD_DIR "
            "dan/atau mengirimkannya ke AUDIT_HEAD_EMAILS. Penjadwal menjalankannya secara berkala.")

    def handle(self, *args, **options):
        from django.conf import settings

        if not settings.AUDIT_HEAD_DIR and not settings.AUDIT_HEAD_EMAILS:
            raise CommandError("AUDIT_HEAD_DIR atau AUDIT_HEAD_EMAILS belum diatur.")
        doc = export_head()
        if doc is None:
            self.stdout.write("Kepala rantai tidak berubah sejak ekspor terakhir; tidak ada berkas baru.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Kepala rantai #{doc['seq']} diekspor."))
