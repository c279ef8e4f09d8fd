from django.urls import reverse

from netral.core.models import User
from netral.test import BaseTestCase


class UserAdminTestCase(BaseTestCase):
    def form(self, **kw):
        data = {"username": "baru", "first_name": "Siti", "last_name": "Aminah", "email": "siti@example.go.id",
                "role": "operator", "unit": self.upt_b.pk, "is_active": "on", "password": "kata-sandi-kuat-91"}
        data.update(kw)
        return data

    def test_admin_creates_a_user_in_scope(self):
        self.login(self.admin)
        r = self.client.post(reverse("user_create"), self.form())
        self.assertRedirects(r, reverse("user_list"))
        user = User.objects.get(username="baru")
        self.assertTrue(user.check_password("kata-sandi-kuat-91"))
        self.assertEqual(user.unit, self.upt_b)

    def test_admin_cannot_attach_a_user_outside_scope(self):
        self.login(self.admin)
        r = self.client.post(reverse("user_create"), self.form(unit=self.upt_c.pk))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(User.objects.filter(username="baru").exists())

    def test_weak_password_is_refused_in_indonesian(self):
        self.login(self.admin)
        r = self.client.post(reverse("user_create"), self.form(password="123"))
        self.assertContains(r, "terlalu pendek")

    def test_admin_cannot_deactivate_self(self):
        self.login(self.admin)
        data = self.form(username="admin", unit=self.kanwil.pk, role="admin", password="")
        data.pop("is_active")
        r = self.client.post(reverse("user_edit", args=[self.admin.pk]), data)
        self.assertContains(r, "tidak dapat menonaktifkan akun Anda sendiri")

    def test_list_is_scoped(self):
        self.login(self.admin)
        r = self.client.get(reverse("user_list"))
        self.assertContains(r, "outsider")
        self.assertNotContains(r, "other_admin")

    def test_only_admin_manages_users(self):
        for persona in (self.pimpinan, self.pengawas, self.operator, self.pegawai):
            self.login(persona)
            self.assertEqual(self.client.get(reverse("user_create")).status_code, 403)
