from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "netral.core"
    label = "core"
    verbose_name = "Inti"

    def ready(self):
        from netral.core import audit  # noqa: F401  (connects the audit signal handlers)
        from datetime import timedelta

        from netral.core import dashboard, demo, navigation, scheduler  # noqa: F401  (demo registers its seeder)
        from netral.core.tasks import verify_audit_chain
        from netral.core.tasks import export_audit_head
        from django.conf import settings
        from netral.core import middleware  # noqa: F401  (stamps the login time on each session)
        from netral.core.tasks import purge_expired_data
        from netral.core.cards import audit_card, todo, units_card
        from netral.core.models import Role

        R = Role
        navigation.register(_("Beranda"), "home", "bi-house", [r.value for r in R], order=0)
        navigation.register(_("Unit kerja"), "unit_list", "bi-diagram-3", [R.ADMIN, R.PIMPINAN, R.PENGAWAS, R.OPERATOR], order=900,
                            group=_("Administrasi"))
        navigation.register(_("Pengguna"), "user_list", "bi-people", [R.ADMIN], order=910, group=_("Administrasi"))
        navigation.register(_("Identitas kantor"), "office_edit", "bi-building", [R.ADMIN], order=915,
                            group=_("Administrasi"))
        navigation.register(_("Jejak audit"), "audit_list", "bi-shield-lock", [R.ADMIN, R.PIMPINAN], order=920,
                            group=_("Administrasi"))

        scheduler.register("verify_audit_chain", verify_audit_chain, every=timedelta(days=1))
        scheduler.register("export_audit_head", export_audit_head,
                           every=timedelta(minutes=max(1, settings.AUDIT_HEAD_EXPORT_MINUTES)))
        scheduler.register("purge_expired_data", purge_expired_data, every=timedelta(days=1))
        navigation.register(_("Riwayat masuk"), "login_history", "bi-clock-history", [R.ADMIN], order=912,
                            group=_("Administrasi"))
        navigation.register(_("Catatan akses data"), "access_log", "bi-eye", [R.ADMIN], order=925,
                            group=_("Administrasi"))

        dashboard.register("units", "core/cards/units.html", [R.ADMIN, R.PIMPINAN], units_card, order=10)
        dashboard.register("audit", "core/cards/audit.html", [R.ADMIN, R.PIMPINAN], audit_card, order=90)
        # Placeholders so each role sees the shape of its work before the modules land; each
        # feature replaces its placeholder by registering a real card with the same key.
        dashboard.register("triage", "core/cards/todo.html", [R.PENGAWAS], todo(
            _("Antrean temuan"), "bi-inbox", _("Konten pegawai yang ditandai detektor menunggu telaah Tim Pengawas.")),
            order=20)
        dashboard.register("cases", "core/cards/todo.html", [R.PENGAWAS, R.PIMPINAN], todo(
            _("Dugaan pelanggaran"), "bi-folder2-open", _("Kasus berjalan dan tenggat hukumnya.")), order=30)
        dashboard.register("roster", "core/cards/todo.html", [R.OPERATOR], todo(
            _("Daftar pegawai unit"), "bi-person-lines-fill", _("Pegawai unit Anda dan akun media sosial mereka.")),
            order=20)
        dashboard.register("my_status", "core/cards/todo.html", [R.PEGAWAI], todo(
            _("Status saya"), "bi-person-check", _("Pakta integritas, sosialisasi yang Anda ikuti, dan akun media sosial yang Anda laporkan.")),
            order=20)
