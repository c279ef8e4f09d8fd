from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "netral.elections"
    label = "elections"
    verbose_name = "Pemilu dan Pilkada"

    def ready(self):
        from netral.core import dashboard, demo, navigation
        from netral.core.models import Role as R
        from netral.elections.demo import seed_elections
        from netral.elections.views import election_card

        staff = [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR]
        group = _("Pemilu")
        navigation.register(_("Kalender tahapan"), "election_list", "bi-calendar3", [r.value for r in R], order=300,
                            group=group)
        navigation.register(_("Titik rawan"), "risk_list", "bi-exclamation-triangle", staff, order=310, group=group)
        navigation.register(_("Matriks risiko"), "risk_matrix", "bi-grid-3x3", staff, order=320, group=group)
        navigation.register(_("Impor peserta"), "contestant_import", "bi-people", [R.ADMIN], order=330, group=group)
        dashboard.register("election_today", "elections/cards/today.html", [r.value for r in R], election_card,
                           order=5)
        demo.register("elections", seed_elections, order=20)
