"""Errors must not confirm that a NIP, user name, unit code or account exists elsewhere
(issue 11, point 3; docs/security.md, "Scoping rules")."""

from django.urls import reverse

from netral.core.models import OrgUnit, User
from netral.people.models import Employee, SocialAccount
from netral.people.tests.base import NIP_A, RosterTestCase

NIP_OTHER = "198001012005011004"


class ExistenceLeakTests(RosterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.emp_far = Employee.objects.create(unit=cls.upt_c, employment_type="pns", nip=NIP_OTHER,
                                              name="Rahasia Lain")

    def employee(self, nip):
        return {"name": "Dewi Lestari", "employment_type": "pns", "nip": nip, "nik": "", "internal_id": "",
                "unit": self.upt_a.pk, "position": "", "position_class": "fungsional", "grade": "", "email": "",
                "phone": "", "is_active": "on", "end_date": "", "move_note": ""}

    def test_a_nip_of_another_kanwil_gets_the_same_message_as_one_in_scope(self):
        self.login(self.operator)
        far = self.client.post(reverse("employee_create"), self.employee(NIP_OTHER))
        near = self.client.post(reverse("employee_create"), self.employee(NIP_A))
        assert far.status_code == near.status_code == 200
        assert far.context["form"].errors["nip"] == near.context["form"].errors["nip"]
        message = far.context["form"].errors["nip"][0]
        assert "telah ada" not in message and "sudah ada" not in message and "Rahasia" not in far.text and "Kanim" not in far.text
        assert Employee.objects.filter(nip=NIP_OTHER).count() == 1

    def test_a_user_name_or_unit_code_of_another_kanwil_is_not_confirmed(self):
        self.login(self.admin)
        r = self.client.post(reverse("user_create"), {
            "username": "other_admin", "first_name": "X", "role": "operator", "unit": self.upt_b.pk,
            "is_active": "on", "password": "kata-sandi-kuat-91"})
        assert r.status_code == 200 and "tidak dapat dipakai" in r.context["form"].errors["username"][0]
        r = self.client.post(reverse("unit_create"), {"code": "UPT-C", "name": "Baru", "kind": "lapas",
                                                       "parent": self.kanwil.pk, "is_active": "on"})
        assert r.status_code == 200 and "tidak dapat dipakai" in r.context["form"].errors["code"][0]
        assert User.objects.filter(username="other_admin").count() == 1
        assert OrgUnit.objects.filter(code="UPT-C").count() == 1

    def test_a_pegawai_declaring_a_colleagues_handle_learns_no_name(self):
        SocialAccount.objects.create(employee=self.emp_b, platform="tiktok", handle="siti")
        self.login(self.pegawai)
        r = self.client.post(reverse("me"), {"action": "add", "platform": "tiktok", "handle": "@siti"}, follow=True)
        self.assertContains(r, "sudah tercatat atas nama pegawai lain")
        self.assertNotContains(r, "Siti Rahayu")
        self.assertNotContains(r, "Rutan")
        assert SocialAccount.objects.get(handle="siti").employee_id == self.emp_b.pk
