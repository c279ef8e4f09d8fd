from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netral.core.models import OfficeProfile, office_for
from netral.test import BaseTestCase

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

VALID = {"parent_name": "Kementerian Uji", "name": "Kantor Wilayah Uji", "address": "Jl. Pahlawan 1",
         "city": "Semarang", "head_title": "Kepala Kantor Wilayah", "head_name": "Budi Santoso",
         "head_nip": "", "helpdesk": "WA 0812-0000-0000"}


class OfficeProfileTestCase(BaseTestCase):
    def test_it_is_only_for_admin(self):
        for user in (self.pimpinan, self.pengawas, self.operator, self.pegawai):
            self.login(user)
            self.assertEqual(self.client.get(reverse("office_edit")).status_code, 403)

    def test_it_refuses_a_logo_that_is_not_an_image(self):
        self.login(self.admin)
        html = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script></html>", content_type="image/png")
        r = self.client.post(reverse("office_edit"), {**VALID, "logo": html})
        self.assertContains(r, "PNG atau JPEG")
        self.assertFalse(OfficeProfile.objects.exists())

    def test_it_refuses_a_wrong_nip(self):
        self.login(self.admin)
        r = self.client.post(reverse("office_edit"), {**VALID, "head_nip": "19850230"})
        self.assertContains(r, "18 digit")
        self.assertFalse(OfficeProfile.objects.exists())

    def test_it_saves_the_admins_office_and_shows_it_in_every_footer(self):
        self.login(self.admin)
        r = self.client.post(reverse("office_edit"), {**VALID, "logo": SimpleUploadedFile("l.png", PNG)})
        self.assertRedirects(r, reverse("office_edit"))
        profile = OfficeProfile.objects.get()
        self.assertEqual(profile.unit, self.kanwil)
        # A UPT below the Kanwil inherits it; another Kanwil does not.
        self.assertEqual(office_for(self.upt_a), profile)
        self.assertNotEqual(office_for(self.upt_c).pk, profile.pk)
        self.login(self.pegawai)
        r = self.client.get(reverse("home"))
        self.assertContains(r, "WA 0812-0000-0000")
        self.assertContains(r, "Kantor Wilayah Uji")
        self.assertEqual(self.client.get(reverse("office_logo", args=[profile.pk]))["Content-Type"], "image/png")
        self.assertTrue(profile.logo_data_uri().startswith("data:image/png;base64,"))
        # The row outlives its file (storage restored from an older backup): a 404, not a 500.
        profile.logo.storage.delete(profile.logo.name)
        self.assertEqual(self.client.get(reverse("office_logo", args=[profile.pk])).status_code, 404)

    def test_without_a_profile_the_letterhead_comes_from_the_unit_tree(self):
        office = office_for(self.upt_a)
        self.assertEqual(office.name, "Kanwil Uji")
        self.assertEqual(office.parent_name, "Kementerian Uji")
