from django.urls import reverse

from netral.core.models import AuditEntry, OrgUnit, User
from netral.core.scoping import get_scoped_or_404, scoped
from netral.test import BaseTestCase


class ScopingTestCase(BaseTestCase):
    def test_it_limits_units_to_own_subtree(self):
        codes = set(scoped(OrgUnit, self.operator).values_list("code", flat=True))
        self.assertEqual(codes, {"UPT-A"})
        codes = set(scoped(OrgUnit, self.admin).values_list("code", flat=True))
        self.assertEqual(codes, {"KW", "UPT-A", "UPT-B"})

    def test_it_scopes_related_objects_through_scope_field(self):
        # User rows are scoped through their unit like every later domain model.
        names = set(scoped(User, self.operator).values_list("username", flat=True))
        self.assertEqual(names, {"operator", "pegawai"})

    def test_it_gives_anonymous_and_inactive_users_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertFalse(scoped(OrgUnit, AnonymousUser()).exists())
        self.operator.is_active = False
        self.assertFalse(scoped(OrgUnit, self.operator).exists())

    def test_it_returns_404_not_403_for_another_upt_by_url_guessing(self):
        self.login(self.operator)
        r = self.client.get(reverse("unit_detail", args=[self.upt_b.pk]))
        self.assertEqual(r.status_code, 404)
        # The same answer as for an id that does not exist at all: nothing leaks.
        missing = self.client.get(reverse("unit_detail", args=[999999]))
        self.assertEqual(missing.status_code, 404)
        self.assertContains(r, "Halaman tidak ditemukan", status_code=404)

    def test_it_shows_own_unit(self):
        self.login(self.operator)
        r = self.client.get(reverse("unit_detail", args=[self.upt_a.pk]))
        self.assertContains(r, "Lapas Uji A")

    def test_it_hides_other_kanwil_from_admin(self):
        self.login(self.admin)
        for name in ("unit_detail", "unit_edit"):
            r = self.client.get(reverse(name, args=[self.upt_c.pk]))
            self.assertEqual(r.status_code, 404, name)
        r = self.client.get(reverse("user_edit", args=[self.other_admin.pk]))
        self.assertEqual(r.status_code, 404)

    def test_it_rejects_wrong_role_with_403(self):
        self.login(self.pegawai)
        for name in ("unit_list", "user_list", "audit_list"):
            r = self.client.get(reverse(name))
            self.assertEqual(r.status_code, 403, name)
            self.assertContains(r, "Akses ditolak", status_code=403)

    def test_it_redirects_anonymous_to_login(self):
        r = self.client.get(reverse("unit_list"))
        self.assertRedirects(r, reverse("login") + "?next=" + reverse("unit_list"))

    def test_get_scoped_or_404_raises_for_out_of_scope(self):
        from django.http import Http404

        with self.assertRaises(Http404):
            get_scoped_or_404(OrgUnit, self.operator, pk=self.upt_b.pk)
        self.assertEqual(get_scoped_or_404(OrgUnit, self.operator, pk=self.upt_a.pk), self.upt_a)

    def test_audit_entries_are_scoped_by_unit(self):
        self.upt_c.name = "Kanim C diubah"
        self.upt_c.save()
        self.assertFalse(AuditEntry.objects.for_user(self.pimpinan).filter(model="core.orgunit", object_pk=str(self.upt_c.pk)).exists())
        self.login(self.pimpinan)
        entry = AuditEntry.objects.filter(object_pk=str(self.upt_c.pk), model="core.orgunit").last()
        r = self.client.get(reverse("audit_detail", args=[entry.seq]))
        self.assertEqual(r.status_code, 404)
