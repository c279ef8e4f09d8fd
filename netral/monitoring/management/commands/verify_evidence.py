from django.core.management.base import BaseCommand, CommandError

from netral.monitoring.evidence import verify_stored, verify_zip


class Command(BaseCommand):
    help = "Menghitung ulang hash muatan dan berkas bukti yang tersimpan (atau satu zip ekspor) dan melaporkan selisih."

    def add_arguments(self, parser):
        parser.add_argument("--zip", dest="zip", help="Periksa satu berkas zip bukti hasil ekspor terhadap manifest-nya.")

    def handle(self, *args, **opts):
        if opts.get("zip"):
            with open(opts["zip"], "rb") as fh:
                problems = verify_zip(fh)
            if problems:
                for p in problems:
                    self.stdout.write(self.style.ERROR(f"TIDAK COCOK {p}"))
                raise CommandError(f"{len(problems)} masalah pada {opts['zip']}.")
            self.stdout.write(self.style.SUCCESS(f"Zip bukti utuh: {opts['zip']}"))
            return
        checked, problems = verify_stored()
        for item_id, what, expected, actual in problems:
            self.stdout.write(self.style.ERROR(
                f"TIDAK COCOK konten #{item_id} {what}: tercatat {expected}, sekarang {actual}"))
        if problems:
            raise CommandError(f"{len(problems)} bukti tidak cocok dari {checked} konten yang diperiksa.")
        self.stdout.write(self.style.SUCCESS(f"{checked} konten dan berkasnya diperiksa: semua hash cocok."))
