from django.core.management.base import BaseCommand, CommandError

from netral.monitoring.anchoring import anchor_missing
from netral.monitoring.evidence import verify_stored, verify_zip


class Command(BaseCommand):
    help = ("Menghitung ulang hash bukti setiap konten (teks, akun, waktu, muatan, berkas) dari basis data dan "
            "berkasnya, lalu membandingkannya dengan hash yang dijangkarkan di rantai audit; atau memeriksa satu "
            "zip ekspor (--zip, sama dengan `verify_zip`).")

    def add_arguments(self, parser):
        parser.add_argument("--zip", dest="zip", help="Periksa satu berkas zip bukti hasil ekspor.")
        parser.add_argument("--anchor-missing", action="store_true",
                            help="Jangkarkan dahulu konten lama yang belum berjangkar (sekali, setelah pembaruan).")

    def handle(self, *args, **opts):
        if opts.get("zip"):
            from django.core.management import call_command

            call_command("verify_zip", opts["zip"], stdout=self.stdout)
            return
        if opts["anchor_missing"]:
            n = anchor_missing()
            self.stdout.write(f"{n} konten lama dijangkarkan di rantai audit.")
        checked, problems = verify_stored()
        for item_id, what, expected, actual in problems:
            who = f"konten #{item_id}" if item_id else "rantai"
            self.stdout.write(self.style.ERROR(f"TIDAK COCOK {who} {what}: tercatat {expected}, sekarang {actual}"))
        if problems:
            raise CommandError(f"{len(problems)} bukti tidak cocok dari {checked} konten yang diperiksa.")
        self.stdout.write(self.style.SUCCESS(
            f"{checked} konten dan berkasnya diperiksa: semua cocok dengan hash yang dijangkarkan di rantai audit."))
