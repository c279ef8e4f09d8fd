from django.core.management.base import BaseCommand
from django.db import transaction

from netral.core import audit, demo
from netral.core.models import OrgUnit


class Command(BaseCommand):
    help = "Mengisi data contoh (satu Kanwil, UPT, pengguna per peran, dan data tiap modul)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Hanya bila basis data belum berisi unit kerja.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write("Basis data sudah berisi data; data contoh tidak ditambahkan.")
            return
        with audit.acting_as("seed_demo"):
            for name, fn in demo.seeders():
                with transaction.atomic():
                    fn()
                self.stdout.write(f"Data contoh: {name}")
        self.stdout.write(self.style.SUCCESS("Data contoh siap. Masuk dengan kata sandi: " + demo.DEMO_PASSWORD))
        for username, first, last, role, unit in demo.USERS:
            self.stdout.write(f"  {username:<20} {role:<10} {unit}")
