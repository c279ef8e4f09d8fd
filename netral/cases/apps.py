from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "netral.cases"
    label = "cases"
    verbose_name = "Penanganan kasus"

    def ready(self):
        from netral.cases.cards import cases_card
        from netral.cases.demo import seed_cases
        from netral.cases.tasks import scheduled_deadlines
        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R

        oversight = [R.ADMIN, R.PIMPINAN, R.PENGAWAS]
        g = _("Penanganan")
        navigation.register(_("Kasus"), "case_list", "bi-folder2-open", oversight, order=250, group=g)
        navigation.register(_("Lewat batas waktu"), "case_overdue", "bi-alarm", oversight, order=251, group=g)
        navigation.register(_("Notifikasi kasus"), "case_notifications", "bi-bell", oversight, order=252, group=g)
        navigation.register(_("Catat kasus"), "case_create", "bi-folder-plus", [R.ADMIN, R.PENGAWAS], order=253,
                            group=g)
        navigation.register(_("Hari libur & SLA"), "case_settings", "bi-calendar2-week", [R.ADMIN], order=254,
                            group=g)
        dashboard.register("cases", "cases/cards/cases.html", oversight, cases_card, order=25)
        scheduler.register("case_deadlines", scheduled_deadlines, every=timedelta(hours=1))
        demo.register("cases", seed_cases, order=60)
        from netral.cases.privacy import closed_cases
        from netral.core.privacy import register_section

        register_section(_("Kasus yang telah selesai"), closed_cases, order=70)
        from netral.cases.retention import purge_case_evidence
        from netral.core import retention

        retention.register("case_evidence", purge_case_evidence, order=10)
