"""Derived roles (issue 11, point 6; docs/pledges.md, "Derived roles"): task-force membership
grants Tim Pengawas for the team's units while the team is active and the member is on it."""

from datetime import date

from django.urls import reverse

from netral.core.models import Role
from netral.pledges import actions
from netral.pledges.models import TaskForce, TaskForceMember
from netral.test import BaseTestCase


class DerivedRoleTests(BaseTestCase):
    def setUp(self):
        self.team = TaskForce.objects.create(unit=self.kanwil, name="Satgas Uji", decree_number="SK-1/2024",
                                             decree_date=date(2024, 1, 29))
        self.team.covered_units.set([self.upt_a, self.upt_b])
        actions.add_member(self.team, self.operator, "anggota", self.pimpinan)
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.PENGAWAS, self.kanwil)

    def assert_back(self):
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.OPERATOR, self.upt_a)

    def test_deactivating_the_team_takes_the_role_back(self):
        self.login(self.pimpinan)
        r = self.client.post(reverse("taskforce_edit", args=[self.team.pk]), {
            "kind": "tim", "name": "Satgas Uji", "unit": self.kanwil.pk, "decree_number": "SK-1/2024",
            "decree_date": "2024-01-29", "covered_units": [self.upt_a.pk, self.upt_b.pk], "duties": ""})
        assert r.status_code == 302, r.context["form"].errors
        self.assert_back()

    def test_deactivating_the_team_anywhere_takes_the_role_back(self):
        self.team.is_active = False
        self.team.save()
        self.assert_back()

    def test_narrowing_the_units_narrows_the_role(self):
        self.team.covered_units.set([self.upt_b])
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.PENGAWAS, self.upt_b)
        self.team.covered_units.clear()  # no covered unit left: the team's own unit is the scope
        self.operator.refresh_from_db()
        assert self.operator.unit == self.kanwil

    def test_removing_the_member_takes_the_role_back_even_outside_the_views(self):
        TaskForceMember.objects.get(task_force=self.team, user=self.operator).delete()
        self.assert_back()

    def test_the_periodic_check_repairs_a_role_changed_around_the_rules(self):
        TaskForce.objects.filter(pk=self.team.pk).update(is_active=False)  # no signal
        self.operator.refresh_from_db()
        assert self.operator.role == Role.PENGAWAS
        assert actions.sync_roles() == 1
        self.assert_back()

    def test_an_admin_reassigning_a_member_changes_what_comes_back(self):
        actions.assign_role(self.operator, Role.PEGAWAI, self.upt_b)
        self.operator.refresh_from_db()
        assert self.operator.role == Role.PENGAWAS  # still on an active team
        self.team.is_active = False
        self.team.save()
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.PEGAWAI, self.upt_b)

    def test_the_user_list_says_where_a_role_comes_from(self):
        self.login(self.admin)
        r = self.client.get(reverse("user_list"))
        self.assertContains(r, "dari tim Satgas Uji")
        r = self.client.get(reverse("user_edit", args=[self.operator.pk]))
        self.assertContains(r, "dari tim Satgas Uji")
        self.assertContains(r, "Operator unit")  # the assigned role, given back when the team ends

    def test_saving_a_member_on_the_user_form_edits_the_assignment(self):
        self.login(self.admin)
        r = self.client.post(reverse("user_edit", args=[self.operator.pk]), {
            "username": "operator", "first_name": "Operator", "last_name": "", "email": "", "role": "pegawai",
            "unit": self.upt_b.pk, "is_active": "on", "password": ""})
        assert r.status_code == 302, r.context["form"].errors
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.PENGAWAS, self.kanwil)  # the team still grants it
        assert (self.operator.derived_role.base_role, self.operator.derived_role.base_unit) == (Role.PEGAWAI,
                                                                                               self.upt_b)
        actions.remove_member(TaskForceMember.objects.get(user=self.operator), self.admin)
        self.operator.refresh_from_db()
        assert (self.operator.role, self.operator.unit) == (Role.PEGAWAI, self.upt_b)
