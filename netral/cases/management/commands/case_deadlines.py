from django.core.management.base import BaseCommand

from netral.cases.actions import warn_and_escalate


class Command(BaseCommand):
    help = "Kirim peringatan batas waktu dan eskalasi kasus yang lewat batas waktu (sekali per batas waktu)."

    def handle(self, *args, **options):
        warned, escalated = warn_and_escalate()
        self.stdout.write(f"{warned} peringatan, {escalated} eskalasi.")
