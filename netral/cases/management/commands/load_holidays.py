from django.core.management.base import BaseCommand

from netral.cases.holidays import load
from netral.cases.models import SLARule, Holiday


class Command(BaseCommand):
    help = "Tambahkan hari libur nasional/cuti bersama bawaan dan SLA bawaan yang belum ada (tidak menimpa suntingan)."

    def handle(self, *args, **options):
        added = load(Holiday, SLARule)
        self.stdout.write(f"{added} hari libur ditambahkan.")
