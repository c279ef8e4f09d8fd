from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "netral.reports"
    label = "reports"
    verbose_name = "Laporan"

    def ready(self):
        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R
        from netral.reports.demo import seed_reports
        from netral.reports.tasks import refresh_figures, scheduled_reports
        from netral.reports.views import attention_card, gaps_card

        oversight = [R.ADMIN, R.PIMPINAN, R.PENGAWAS]
        staff = oversight + [R.OPERATOR]
        g = _("Laporan")
        navigation.register(_("Dasbor"), "report_dashboard", "bi-bar-chart-line", [r.value for r in R], order=50,
                            group=g)
        navigation.register(_("Laporan monev"), "report_list", "bi-file-earmark-bar-graph", staff, order=52, group=g)
        navigation.register(_("Ekspor temuan"), "export_findings", "bi-download", oversight, order=54, group=g)
        navigation.register(_("Ekspor kasus"), "export_cases", "bi-download", oversight, order=56, group=g)
        dashboard.register("attention", "reports/cards/attention.html", oversight, attention_card, order=3)
        dashboard.register("unit_gaps", "reports/cards/gaps.html", [R.OPERATOR], gaps_card, order=3)
        scheduler.register("monev_reports", scheduled_reports, every=timedelta(days=1))
        from django.conf import settings

        if settings.REPORT_SUMMARY_EVERY:
            scheduler.register("refresh_figures", refresh_figures,
                               every=timedelta(seconds=settings.REPORT_SUMMARY_EVERY))
        demo.register("reports", seed_reports, order=90)
