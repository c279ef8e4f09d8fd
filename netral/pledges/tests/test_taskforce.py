from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.models import Role
from netral.pledges import actions
from netral.pledges.models import TaskForce
from netral.test import BaseTestCase, make_user


class TaskForceTestCase(BaseTestCase):
    def setUp(self):
        self.team = TaskForce.objects.create(unit=self.kanwil, name="Satgas Uji", decree_number="SK-1/2024",
                                             decree_date=date(2024, 1, 29))
        self.team.covered_units.set([self.upt_a, self.upt_b])

    def test_scope_unit_is_the_lowest_unit_covering_all(self):
        self.assertEqual(self.team.scope_unit(), self.kanwil)
        self.team.covered_units.set([self.upt_a])
        self.assertEqual(self.team.scope_unit(), self.upt_a)

    def test_members_get_the_pengawas_role_and_give_it_back(self):
        self.login(self.pimpinan)
        r = self.client.post(reverse("taskforce_member_add", args=[self.team.pk]),
                             {"user": self.operator.pk, "position": "anggota"})
        self.assertRedirects(r, reverse("taskforce_detail", args=[self.team.pk]))
        self.operator.refresh_from_db()
        self.assertEqual((self.operator.role, self.operator.unit), (Role.PENGAWAS, self.kanwil))
        # Pimpinan and admin keep their role.
        actions.add_member(self.team, self.admin, "ketua", self.pimpinan)
        self.admin.refresh_from_db()
        self.assertEqual(self.admin.role, Role.ADMIN)
        member = self.team.members.get(user=self.operator)
        r = self.client.post(reverse("taskforce_member_remove", args=[self.team.pk, member.pk]))
        self.assertContains(r, "akan dikeluarkan dari")
        self.assertTrue(self.team.members.filter(pk=member.pk).exists())
        self.client.post(reverse("taskforce_member_remove", args=[self.team.pk, member.pk]), {"confirmed": "yes"})
        self.operator.refresh_from_db()
        self.assertEqual((self.operator.role, self.operator.unit), (Role.OPERATOR, self.upt_a))

    def test_a_pengawas_already_seeing_the_units_keeps_their_unit(self):
        self.team.covered_units.set([self.upt_a])
        actions.add_member(self.team, self.pengawas, "ketua", self.pimpinan)
        self.pengawas.refresh_from_db()
        self.assertEqual(self.pengawas.unit, self.kanwil)

    def test_it_creates_a_team_with_a_pdf_decree(self):
        self.login(self.pimpinan)
        r = self.client.post(reverse("taskforce_create"), {
            "kind": "tim", "name": "Tim Baru", "unit": self.kanwil.pk, "decree_number": "SK-2",
            "decree_date": "2024-02-01", "covered_units": [self.upt_a.pk], "duties": "Memantau", "is_active": "on",
            "decree_file": SimpleUploadedFile("sk.pdf", b"%PDF-1.7\n%%EOF")})
        team = TaskForce.objects.get(name="Tim Baru")
        self.assertRedirects(r, reverse("taskforce_detail", args=[team.pk]))
        r = self.client.get(reverse("taskforce_decree", args=[team.pk]))
        self.assertEqual(b"".join(r.streaming_content), b"%PDF-1.7\n%%EOF")
        r = self.client.post(reverse("taskforce_create"), {
            "kind": "tim", "name": "Tim Salah", "unit": self.upt_a.pk, "decree_number": "SK-3",
            "decree_date": "2024-02-01", "covered_units": [self.upt_b.pk]})
        self.assertContains(r, "harus berada di bawah unit pembentuk")

    def test_scoping_404_for_another_kanwils_team(self):
        other = TaskForce.objects.create(unit=self.other_kanwil, name="Lain", decree_number="X",
                                         decree_date=date(2024, 1, 1))
        self.login(self.admin)
        for name in ("taskforce_detail", "taskforce_edit", "taskforce_decree"):
            self.assertEqual(self.client.get(reverse(name, args=[other.pk])).status_code, 404, name)
        self.login(self.operator)
        self.assertEqual(self.client.get(reverse("taskforce_detail", args=[self.team.pk])).status_code, 404)
        outsider = make_user("x", Role.PEGAWAI, self.upt_a)
        self.login(outsider)
        self.assertEqual(self.client.get(reverse("taskforce_list")).status_code, 403)
