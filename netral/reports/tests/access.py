"""Access rules of the dashboard, monev-report and export URLs for the access matrix
(netral/core/tests/matrix.py)."""

from datetime import date

from netral.core.tests.matrix import ALL, OVERSIGHT, STAFF, Url
from netral.reports.actions import fill_office, run_report
from netral.reports.models import MonevReport


def build(fx, side):
    side.monev = MonevReport.objects.create(unit=side.upt, title=f"Laporan {side.name}", date_from=date(2024, 9, 25),
                                            date_to=date(2024, 11, 27), created_by=side.staff)
    fill_office(side.monev)
    side.monev.save()
    side.monev.units.add(side.upt)
    # Made as the task makes it (figures, PDF, XLSX): revising the recommendations redraws the files.
    run_report(side.monev.pk)
    side.monev.refresh_from_db()
    assert side.monev.status == MonevReport.Status.DONE, side.monev.error


MONEV = lambda s: {"pk": s.monev.pk}  # noqa: E731

ACCESS = {
    # Pegawai get their own status page instead of the figures.
    "report_dashboard": Url(ALL),
    "report_list": Url(STAFF),
    "report_create": Url(STAFF, post={}),
    "report_detail": Url(STAFF, kwargs=MONEV, htmx=False, also=(({}, True),)),
    "report_file": Url(STAFF, kwargs=lambda s: {"pk": s.monev.pk, "kind": "pdf"}),
    "report_recommendations": Url(OVERSIGHT, kwargs=MONEV, post={"recommendations": "Perkuat sosialisasi."},
                                  get=False, writes=True),
    "export_findings": Url(OVERSIGHT, also=(({"format": "csv"}, False), ({"format": "xlsx"}, False))),
    "export_cases": Url(OVERSIGHT, also=(({"format": "csv"}, False),)),
}
