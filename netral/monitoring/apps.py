from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "netral.monitoring"
    label = "monitoring"
    verbose_name = "Pemantauan"

    def ready(self):
        from django.db.models.signals import post_save

        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R
        from netral.monitoring.attribution import on_account_saved
        from netral.monitoring.cards import triage_card
        from netral.monitoring.demo import seed_monitoring
        from netral.monitoring.tasks import scheduled_rescan
        from netral.people.models import SocialAccount

        post_save.connect(on_account_saved, sender=SocialAccount, dispatch_uid="monitoring_attribute_account")
        g = _("Pemantauan")
        navigation.register(_("Antrean temuan"), "finding_list", "bi-inbox", [R.ADMIN, R.PIMPINAN, R.PENGAWAS],
                            order=200, group=g)
        navigation.register(_("Konten tertangkap"), "content_list", "bi-collection",
                            [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR], order=210, group=g)
        navigation.register(_("Catat konten"), "content_create", "bi-plus-square", [R.ADMIN, R.PENGAWAS, R.OPERATOR],
                            order=220, group=g)
        navigation.register(_("Impor konten"), "content_import", "bi-cloud-upload", [R.ADMIN, R.PENGAWAS, R.OPERATOR],
                            order=230, group=g)
        dashboard.register("triage", "monitoring/cards/triage.html", [R.ADMIN, R.PIMPINAN, R.PENGAWAS], triage_card,
                           order=20)
        scheduler.register("monitoring_rescan", scheduled_rescan, every=timedelta(hours=1))
        demo.register("monitoring", seed_monitoring, order=40)
        from netral.core import retention
        from netral.monitoring.retention import purge_dismissed_findings, purge_unflagged_content

        retention.register("dismissed_findings", purge_dismissed_findings, order=20)
        retention.register("content", purge_unflagged_content, order=30)
