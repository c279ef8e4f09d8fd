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


class HandTypedIdsTestCase(BaseTestCase):
    """Ids come back from the browser as text: in query strings, hidden inputs, select values. One that is not an id
    of this database ("abc", "²" which str.isdigit accepts and int refuses, a number past 2**63) is "no such object":
    a message or an empty filter, never a 500, nothing written."""

    BAD = ("abc", "\u00b2", "9" * 23, "-1", "1\x00")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from netral.api.tests.base import make_finding

        cls.finding = make_finding(cls.upt_a, "ids")

    def assert_no_500(self, method, url, data):
        from netral.core.tests.test_access_matrix import snapshot

        before = snapshot()
        r = getattr(self.client, method)(url, data)
        self.assertLess(r.status_code, 500, (url, data))
        if method == "post":
            changed = sorted(k for k, v in snapshot().items() if before[k] != v and k != "core.auditentry")
            self.assertEqual(changed, [], (url, data))
        return r

    def test_as_pk(self):
        from netral.core.scoping import as_pk

        self.assertEqual(as_pk("42"), 42)
        self.assertEqual(as_pk(" 7 "), 7)
        for bad in self.BAD + ("", None, "0", "1.5", "\u0661", str(2 ** 63)):
            self.assertIsNone(as_pk(bad), bad)

    def test_single_ids(self):
        f = self.finding
        self.login(self.pengawas)
        for bad in self.BAD:
            self.assert_no_500("post", reverse("finding_bulk"), {"ids": [bad], "action": "dismiss", "reason": "x",
                                                                 "confirmed": "yes"})
            self.assert_no_500("post", reverse("finding_action", args=[f.pk]), {"action": "duplicate",
                                                                                 "duplicate_of": bad})
            self.assert_no_500("get", reverse("report_dashboard"), {"unit": bad})
            self.assert_no_500("post", reverse("me"), {"action": "remove", "account": bad, "reason": "x"})
        r = self.client.post(reverse("finding_action", args=[f.pk]),  # a valid decision, a "next" that is no id
                             {"action": "dismiss", "reason": "bukan", "next": "\u00b2"})
        self.assertEqual(r.status_code, 302)
        self.login(self.admin)
        for bad in self.BAD:
            self.assert_no_500("get", reverse("case_settings"), {"tahun": bad})
            self.assert_no_500("post", reverse("case_settings"), {"what": "sla", "pk": bad})
            self.assert_no_500("post", reverse("case_settings"), {"what": "holiday_delete", "pk": bad})
            self.assert_no_500("get", reverse("employee_logins"), {"unit": bad})

    def test_lists_of_ids(self):
        self.login(self.admin)
        for bad in self.BAD:
            r = self.assert_no_500("post", reverse("case_create"), {"title": "t", "employees": [bad],
                                                                    "unit": self.upt_a.pk, "description": "d"})
            self.assertEqual(r.status_code, 200)  # the form again, with its error
            self.assert_no_500("post", reverse("employee_logins"), {"ids": [bad]})
            self.assert_no_500("post", reverse("report_create"), {"title": "x", "units": [bad],
                                                                  "date_from": "2024-02-29", "date_to": "2024-03-01"})
