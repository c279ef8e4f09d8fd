from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "netral.people"
    label = "people"
    verbose_name = "Pegawai"

    def ready(self):
        from datetime import timedelta

        from netral.core import dashboard, demo, navigation, scheduler
        from netral.core.models import Role as R
        from netral.people.cards import roster_card
        from netral.people.demo import seed_people
        from netral.people.tasks import deactivate_employee_logins

        navigation.register(_("Daftar pegawai"), "employee_list", "bi-person-lines-fill",
                            [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR], order=100, group=_("Pegawai"))
        navigation.register(_("Impor pegawai"), "roster_import", "bi-upload", [R.ADMIN, R.OPERATOR], order=110,
                            group=_("Pegawai"))
        navigation.register(_("Permintaan hapus akun"), "account_removals", "bi-person-x", [R.ADMIN, R.PENGAWAS],
                            order=115, group=_("Pegawai"))
        navigation.register(_("Data saya"), "me", "bi-person-badge", [r.value for r in R], order=120,
                            group=_("Pegawai"))
        dashboard.register("roster", "people/cards/roster.html", [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR],
                           roster_card, order=15)
        demo.register("people", seed_people, order=10)
        scheduler.register("deactivate_employee_logins", deactivate_employee_logins, every=timedelta(hours=1))
        from netral.core import retention
        from netral.people.retention import purge_departed_employees

        retention.register("departed_employees", purge_departed_employees, order=90)
        navigation.register(_("Akun Netral pegawai"), "employee_logins", "bi-key", [R.ADMIN, R.OPERATOR], order=112,
                            group=_("Pegawai"))
