from django.core.management.base import BaseCommand, CommandError

from netral.monitoring.evidence import verify_zip


class Command(BaseCommand):
    help = ("Memeriksa zip bukti hasil ekspor: setiap berkas terhadap manifest-nya, dan hash manifest terhadap "
            "ekspor yang tercatat di rantai audit.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="Berkas zip bukti.")

    def handle(self, *args, **opts):
        path = opts["path"]
        try:
            with open(path, "rb") as fh:
                problems = verify_zip(fh)
        except OSError as e:
            raise CommandError(f"Berkas {path} tidak dapat dibaca: {e.strerror}.") from None
        if problems:
            for p in problems:
                self.stdout.write(self.style.ERROR(f"TIDAK COCOK {p}"))
            raise CommandError(f"{len(problems)} masalah pada {path}.")
        self.stdout.write(self.style.SUCCESS(f"Zip bukti utuh dan tercatat di rantai audit: {path}"))
