import time

from django.conf import settings
from django.core.management.base import BaseCommand

from netral.core import scheduler


class Command(BaseCommand):
    help = "Loop penjadwal: mengantrekan tugas berkala (tenggat, pengingat, laporan) saat jatuh tempo."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Jalankan satu putaran lalu berhenti.")
        parser.add_argument("--interval", type=int, default=settings.SCHEDULER_INTERVAL)

    def handle(self, *args, once=False, interval=30, **options):
        self.stdout.write(f"Penjadwal berjalan; {len(scheduler.jobs())} tugas terdaftar, jeda {interval} detik.")
        while True:
            for name in scheduler.run_due():
                self.stdout.write(f"Diantrekan: {name}")
            if once:
                return
            time.sleep(interval)
