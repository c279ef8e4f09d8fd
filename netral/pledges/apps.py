from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "netral.pledges"
    label = "pledges"
    verbose_name = "Pembinaan"

    def ready(self):
        from datetime import timedelta

        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R
        from netral.pledges.cards import my_status_card, pact_coverage_card
        from netral.pledges.demo import seed_pledges
        from netral.pledges.tasks import scheduled_pact_reminders

        everyone = [r.value for r in R]
        staff = [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR]
        group = _("Pembinaan")
        navigation.register(_("Pakta saya"), "my_pledges", "bi-pen", [R.PEGAWAI], order=400, group=group)
        navigation.register(_("Pakta integritas"), "pledges_home", "bi-file-earmark-check", staff, order=400,
                            group=group)
        navigation.register(_("Sosialisasi & ikrar"), "event_list", "bi-megaphone", everyone, order=410, group=group)
        navigation.register(_("Aturan netralitas"), "rules", "bi-book", everyone, order=415, group=group)
        navigation.register(_("Regulasi"), "regulation_list", "bi-journal-text", everyone, order=420, group=group)
        navigation.register(_("Tim pengawas"), "taskforce_list", "bi-people-fill", staff, order=430, group=group)
        navigation.register(_("Verifikasi pakta"), "pact_verify_form", "bi-qr-code-scan", everyone, order=440,
                            group=group)

        dashboard.register("pact_coverage", "pledges/cards/coverage.html", [R.PIMPINAN, R.PENGAWAS, R.OPERATOR],
                           pact_coverage_card, order=15)
        dashboard.register("my_status", "pledges/cards/my_status.html", [R.PEGAWAI], my_status_card, order=20)
        scheduler.register("pact_reminders", scheduled_pact_reminders, every=timedelta(hours=24))
        demo.register("pledges", seed_pledges, order=30)
