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
        from netral.pledges.tasks import scheduled_pact_reminders, sync_derived_roles

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
        scheduler.register("sync_derived_roles", sync_derived_roles, every=timedelta(hours=1))
        from netral.core import retention
        from netral.pledges.retention import purge_attendance, purge_pacts

        retention.register("pacts", purge_pacts, order=40)
        retention.register("attendance", purge_attendance, order=41)
        self.connect_role_signals()

    def connect_role_signals(self):
        """Derived roles are recomputed on every change of a team, its units or its members,
        whichever path made it (views, admin site, shell); see docs/pledges.md. The receivers are
        local functions: connected with weak=False, or they would be collected after ready()."""
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from netral.pledges.models import TaskForce, TaskForceMember

        def team_members(team):
            from netral.pledges.actions import sync_roles

            sync_roles([m.user for m in team.members.select_related("user")])

        def on_team_saved(sender, instance, raw=False, **kwargs):
            if not raw:
                team_members(instance)

        def on_units_changed(sender, instance, action, **kwargs):
            if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, TaskForce):
                team_members(instance)

        def on_member_changed(sender, instance, raw=False, **kwargs):
            from netral.core.models import User
            from netral.pledges.actions import sync_role

            user = User.objects.filter(pk=instance.user_id).first()
            if not raw and user is not None:
                sync_role(user)

        def on_role_assigned(sender, user, **kwargs):
            from netral.pledges.actions import assign_role

            assign_role(user, user.role, user.unit)

        from netral.core.roles import role_assigned

        role_assigned.connect(on_role_assigned, dispatch_uid="pledges_role_assigned", weak=False)
        post_save.connect(on_team_saved, sender=TaskForce, dispatch_uid="pledges_team_roles", weak=False)
        m2m_changed.connect(on_units_changed, sender=TaskForce.covered_units.through,
                            dispatch_uid="pledges_unit_roles", weak=False)
        post_save.connect(on_member_changed, sender=TaskForceMember, dispatch_uid="pledges_member_saved_roles",
                          weak=False)
        post_delete.connect(on_member_changed, sender=TaskForceMember, dispatch_uid="pledges_member_deleted_roles",
                            weak=False)
