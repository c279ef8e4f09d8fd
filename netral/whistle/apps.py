from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WhistleConfig(AppConfig):
    name = "netral.whistle"
    label = "whistle"
    verbose_name = "Pengaduan"

    def ready(self):
        from datetime import timedelta

        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R
        from netral.whistle.cards import intake_card
        from netral.whistle.demo import seed_whistle
        from netral.whistle.middleware import install_log_filters
        from netral.whistle.tasks import purge_expired_reports, retention_reminders

        team = [R.ADMIN, R.PIMPINAN, R.PENGAWAS]
        navigation.register(_("Pengaduan masuk"), "whistle_list", "bi-shield-lock", team, order=345,
                            group=_("Penanganan"))
        dashboard.register("whistle_intake", "whistle/cards/intake.html", team, intake_card, order=12)
        scheduler.register("whistle_purge", purge_expired_reports, every=timedelta(hours=24))
        scheduler.register("whistle_reminders", retention_reminders, every=timedelta(hours=24))
        demo.register("whistle", seed_whistle, order=60)
        install_log_filters()
