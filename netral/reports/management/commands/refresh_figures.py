"""Rebuild the precomputed per-unit figures of the dashboards and monev reports.

    manage.py refresh_figures          # only when they no longer describe the data (new content
                                       # items only: just those are added)
    manage.py refresh_figures --force  # rebuild every cell

The scheduler does the same every REPORT_SUMMARY_EVERY seconds (reports/summary.py).
"""

from django.core.management.base import BaseCommand

from netral.reports import summary


class Command(BaseCommand):
    help = "Bangun ulang angka ringkasan per unit untuk dasbor dan laporan monev."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Bangun ulang walaupun masih mutakhir.")

    def handle(self, *args, force=False, **options):
        done, state = summary.refresh(force=force)
        if done == "rebuild":
            self.stdout.write(f"Dibangun ulang: {state.cells} sel dalam {state.build_ms} ms.")
        elif done == "content":
            self.stdout.write(f"Konten baru ditambahkan: {state.cells} sel dalam {state.build_ms} ms.")
        else:
            self.stdout.write(f"Masih mutakhir ({state.cells} sel, dibangun {state.built_at:%Y-%m-%d %H:%M}).")
