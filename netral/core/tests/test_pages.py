
from django.conf import settings
from django.urls import reverse

from netral.core.models import User
from netral.test import BaseTestCase


class PagesTestCase(BaseTestCase):
    def test_login_page_is_indonesian(self):
        r = self.client.get(reverse("login"))
        self.assertContains(r, "Kata sandi")
        self.assertContains(r, 'lang="id"')

    def test_login_with_wrong_password_explains(self):
        User.objects.filter(pk=self.pegawai.pk).update(password="")
        r = self.client.post(reverse("login"), {"username": "pegawai", "password": "salah"})
        self.assertContains(r, "Nama pengguna atau kata sandi salah")

    def test_login_is_throttled_after_repeated_failures(self):
        self.pegawai.set_password("rahasia-sekali-123")
        self.pegawai.save()
        for _ in range(5):
            r = self.client.post(reverse("login"), {"username": "pegawai", "password": "tebak"})
            self.assertContains(r, "Nama pengguna atau kata sandi salah")
        # Now even the right password is refused for a while.
        r = self.client.post(reverse("login"), {"username": "Pegawai", "password": "rahasia-sekali-123"})
        self.assertContains(r, "Terlalu banyak percobaan masuk")
        self.assertNotIn("_auth_user_id", self.client.session)
        # Another account is not affected.
        self.admin.set_password("admin-sandi-123")
        self.admin.save()
        r = self.client.post(reverse("login"), {"username": "admin", "password": "admin-sandi-123"})
        self.assertRedirects(r, reverse("home"))

    def test_login_and_logout(self):
        self.pegawai.set_password("rahasia-sekali-123")
        self.pegawai.save()
        r = self.client.post(reverse("login"), {"username": "pegawai", "password": "rahasia-sekali-123"})
        self.assertRedirects(r, reverse("home"))
        r = self.client.post(reverse("logout"))
        self.assertRedirects(r, reverse("login"))

    def test_dashboard_per_role(self):
        expectations = {
            self.admin: ["Unit kerja dalam cakupan", "Jejak audit", "Pengguna"],
            self.pimpinan: ["Unit kerja dalam cakupan", "Dugaan pelanggaran"],
            self.pengawas: ["Antrean temuan"],
            self.operator: ["Pegawai aktif"],
            self.pegawai: ["Status saya"],
        }
        for persona, texts in expectations.items():
            self.login(persona)
            r = self.client.get(reverse("home"))
            for text in texts:
                self.assertContains(r, text, msg_prefix=persona.username)
        self.login(self.pegawai)
        self.assertNotContains(self.client.get(reverse("home")), "Jejak audit")

    def test_navigation_follows_role(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("home"))
        self.assertNotContains(r, reverse("user_list"))
        self.login(self.admin)
        r = self.client.get(reverse("home"))
        self.assertContains(r, reverse("user_list"))

    def test_english_can_be_chosen(self):
        self.login(self.admin)
        r = self.client.post(reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True)
        self.assertContains(r, "Org units")
        self.assertContains(r, 'lang="en"')

    def test_an_english_browser_still_gets_indonesian(self):
        r = self.client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(r, 'lang="id"')
        self.assertContains(r, "Kata sandi")

    def test_404_page_is_friendly_and_indonesian(self):
        self.login(self.admin)
        r = self.client.get("/tidak-ada/")
        self.assertContains(r, "Halaman tidak ditemukan", status_code=404)

    def test_csrf_failure_is_explained(self):
        from django.test import Client

        c = Client(enforce_csrf_checks=True)
        r = c.post(reverse("login"), {"username": "x", "password": "y"})
        self.assertContains(r, "token keamanan", status_code=403)

    def test_password_change(self):
        self.pegawai.set_password("lama-sekali-123")
        self.pegawai.save()
        self.login(self.pegawai)
        r = self.client.post(reverse("password_change"), {
            "old_password": "lama-sekali-123", "new_password1": "baru-lebih-kuat-456",
            "new_password2": "baru-lebih-kuat-456"})
        self.assertRedirects(r, reverse("password_change_done"))
        self.pegawai.refresh_from_db()
        self.assertTrue(self.pegawai.check_password("baru-lebih-kuat-456"))

    def test_password_change_to_the_same_or_a_common_password_is_refused(self):
        # The same password again would keep every other session alive (the session hash is the password's):
        # someone "changing" a leaked password to itself has secured nothing.
        self.pegawai.set_password("lama-sekali-123")
        self.pegawai.save()
        self.login(self.pegawai)
        for new in ("lama-sekali-123", "password1234"):
            r = self.client.post(reverse("password_change"), {
                "old_password": "lama-sekali-123", "new_password1": new, "new_password2": new})
            self.assertEqual(r.status_code, 200, new)
            self.assertTrue(r.context["form"].errors, new)
        self.assertContains(self.client.post(reverse("password_change"), {
            "old_password": "lama-sekali-123", "new_password1": "lama-sekali-123",
            "new_password2": "lama-sekali-123"}), "sama dengan kata sandi lama")
        self.pegawai.refresh_from_db()
        self.assertTrue(self.pegawai.check_password("lama-sekali-123"))

    def test_security_headers(self):
        r = self.client.get(reverse("login"))
        self.assertIn("default-src 'self'", r["Content-Security-Policy"])
        self.assertEqual(r["X-Frame-Options"], "DENY")

    def test_static_assets_are_local(self):
        r = self.client.get(reverse("login"))
        body = r.content.decode()
        self.assertNotIn("cdn", body.lower())
        for asset in ("vendor/bootstrap/bootstrap.min.css", "vendor/htmx/htmx.min.js"):
            self.assertTrue((settings.BASE_DIR / "static" / asset).exists())


class NavigationTestCase(BaseTestCase):
    def test_only_one_menu_entry_is_highlighted(self):
        from django.test import RequestFactory

        from netral.core.navigation import menu_for

        for path in ("/pegawai/impor/", "/pegawai/", "/pembinaan/aturan/", "/"):
            request = RequestFactory().get(path)
            request.user = self.admin
            active = [e["url"] for e in menu_for(request) if e["active"]]
            self.assertLessEqual(len(active), 1, (path, active))
        request = RequestFactory().get("/pegawai/impor/")
        request.user = self.admin
        self.assertEqual([e["url"] for e in menu_for(request) if e["active"]], ["/pegawai/impor/"])


class MenuGroupTestCase(BaseTestCase):
    def test_each_menu_group_appears_once(self):
        from django.test import RequestFactory

        from netral.core.navigation import menu_for

        for user in (self.admin, self.pimpinan, self.pengawas, self.operator, self.pegawai):
            request = RequestFactory().get("/")
            request.user = user
            groups = [e["group"] for e in menu_for(request)]
            runs = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
            self.assertEqual(len(runs), len(set(runs)), (user.username, runs))


class UserFormWordingTestCase(BaseTestCase):
    def test_the_user_form_reads_well(self):
        self.login(self.admin)
        r = self.client.get(reverse("user_create"))
        self.assertContains(r, "Paling banyak 150 karakter")
        self.assertNotContains(r, "atau sedikit")
