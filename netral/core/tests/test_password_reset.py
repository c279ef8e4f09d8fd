import re

from django.core import mail
from django.urls import reverse

from netral.test import BaseTestCase


class PasswordResetTestCase(BaseTestCase):
    def test_it_links_the_reset_and_the_reporting_channel_from_the_login_page(self):
        r = self.client.get(reverse("login"))
        self.assertContains(r, reverse("password_reset"))
        self.assertContains(r, 'href="/lapor/"')

    def test_it_does_not_say_whether_an_address_exists(self):
        r = self.client.post(reverse("password_reset"), {"email": "tidak-ada@contoh.go.id"})
        self.assertRedirects(r, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 0)

    def test_it_sends_a_one_time_link_in_indonesian(self):
        self.pegawai.email = "pegawai@contoh.go.id"
        self.pegawai.set_password("lama-sekali-123")
        self.pegawai.save()
        r = self.client.post(reverse("password_reset"), {"email": "pegawai@contoh.go.id"})
        self.assertRedirects(r, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        body = mail.outbox[0].body
        self.assertIn("kata sandi baru", body)
        self.assertIn("pegawai", body)
        link = re.search(r"https?://\S+", body).group(0)
        path = "/" + link.split("/", 3)[3]
        r = self.client.get(path, follow=True)
        self.assertContains(r, "Buat kata sandi baru")
        set_url = r.redirect_chain[-1][0] if r.redirect_chain else path
        r = self.client.post(set_url, {"new_password1": "baru-dan-kuat-2026", "new_password2": "baru-dan-kuat-2026"})
        self.assertRedirects(r, reverse("password_reset_complete"))
        self.pegawai.refresh_from_db()
        self.assertTrue(self.pegawai.check_password("baru-dan-kuat-2026"))
        # The second click on the same link is refused.
        r = self.client.get(path, follow=True)
        self.assertContains(r, "tidak berlaku lagi")

    def test_it_refuses_an_inactive_account(self):
        self.pegawai.email = "pegawai@contoh.go.id"
        self.pegawai.is_active = False
        self.pegawai.set_password("lama-sekali-123")
        self.pegawai.save()
        self.client.post(reverse("password_reset"), {"email": "pegawai@contoh.go.id"})
        self.assertEqual(len(mail.outbox), 0)
