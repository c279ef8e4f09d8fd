"""Write a monev report (PDF and XLSX) for a unit to a folder, without storing it.

    manage.py monev_report --unit KW-JATENG --election pilkada-2024 --phase kampanye --out build/

`make demo-report` runs it on the demo data. Reports people sign are made in the application
(Laporan monev), where the figures are stored with the report.
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from netral.core.models import OrgUnit
from netral.elections.models import Election
from netral.reports import figures, render
from netral.reports.actions import fill_office, params_for
from netral.reports.models import MonevReport


class Command(BaseCommand):
    help = "Tulis laporan monev (PDF dan XLSX) untuk satu unit ke sebuah folder."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="Kode unit (default: Kanwil pertama).")
        parser.add_argument("--election", help="Kode pemilu/pilkada (default: yang sedang berjalan/terakhir).")
        parser.add_argument("--phase", default="", choices=["", "pra", "kampanye", "pasca"])
        parser.add_argument("--from", dest="date_from", type=date.fromisoformat)
        parser.add_argument("--to", dest="date_to", type=date.fromisoformat)
        parser.add_argument("--out", default="build")

    def handle(self, *args, **o):
        unit = (OrgUnit.objects.filter(code=o["unit"]).first() if o["unit"]
                else OrgUnit.objects.filter(kind="kanwil").order_by("path").first())
        if unit is None:
            raise CommandError("Unit tidak ditemukan. Jalankan `manage.py seed_demo` atau sebutkan --unit.")
        election = Election.objects.filter(slug=o["election"]).first() if o["election"] else \
            figures.election_in_focus()
        if o["election"] and election is None:
            raise CommandError(f"Pemilu/pilkada {o['election']!r} tidak ditemukan.")
        df, dt = figures.default_period(election, phase=o["phase"])
        report = MonevReport(unit=unit, election=election, phase=o["phase"], date_from=o["date_from"] or df,
                             date_to=o["date_to"] or dt,
                             title=f"Laporan Monitoring dan Evaluasi Netralitas ASN — {unit.name}",
                             recommendations="(Rekomendasi tim ditulis di aplikasi sebelum laporan ditandatangani.)")
        if report.date_from > report.date_to:
            raise CommandError("Tanggal akhir tidak boleh sebelum tanggal awal.")
        report.report_date = min(timezone.localdate(), report.date_to)
        fill_office(report)
        report.figures = figures.compute(params_for(report))
        out = Path(o["out"])
        out.mkdir(parents=True, exist_ok=True)
        stem = f"monev-{unit.code.lower()}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}"
        (out / f"{stem}.pdf").write_bytes(render.render_pdf(report))
        (out / f"{stem}.xlsx").write_bytes(render.render_xlsx(report))
        self.stdout.write(f"{out / stem}.pdf\n{out / stem}.xlsx")
