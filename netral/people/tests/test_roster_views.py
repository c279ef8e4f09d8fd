from django.urls import reverse

from netral.core.models import AuditEntry
from netral.people.models import Employee, EmployeeMove, SocialAccount
from netral.people.tests.base import NIP_A, RosterTestCase


class RosterScopingTestCase(RosterTestCase):
    def test_operator_lists_only_own_unit(self):
        self.login(self.operator)
        r = self.client.get(reverse("employee_list"))
        self.assertContains(r, "Budi Santoso")
        self.assertNotContains(r, "Siti Rahayu")
        self.assertNotContains(r, "Joko Prasetyo")

    def test_every_object_view_is_404_outside_scope(self):
        acc = SocialAccount.objects.create(employee=self.emp_b, platform="instagram", handle="siti")
        self.login(self.operator)
        for name, args, method in [("employee_detail", [self.emp_b.pk], "get"),
                                   ("employee_edit", [self.emp_b.pk], "get"),
                                   ("account_add", [self.emp_b.pk], "post"),
                                   ("account_remove", [acc.pk], "post")]:
            r = getattr(self.client, method)(reverse(name, args=args), {"reason": "x", "platform": "x", "handle": "y"})
            self.assertEqual(r.status_code, 404, name)
        self.assertTrue(SocialAccount.objects.current().filter(pk=acc.pk).exists())

    def test_kanwil_admin_sees_both_upts_but_not_other_kanwil(self):
        self.login(self.admin)
        r = self.client.get(reverse("employee_list"))
        self.assertContains(r, "Budi Santoso")
        self.assertContains(r, "Siti Rahayu")
        self.assertNotContains(r, "Joko Prasetyo")
        self.assertEqual(self.client.get(reverse("employee_detail", args=[self.emp_c.pk])).status_code, 404)

    def test_pegawai_cannot_open_roster(self):
        self.login(self.pegawai)
        self.assertEqual(self.client.get(reverse("employee_list")).status_code, 403)
        self.assertEqual(self.client.get(reverse("employee_export")).status_code, 403)

    def test_pimpinan_reads_but_does_not_edit(self):
        self.login(self.pimpinan)
        self.assertEqual(self.client.get(reverse("employee_detail", args=[self.emp_a.pk])).status_code, 200)
        self.assertEqual(self.client.get(reverse("employee_edit", args=[self.emp_a.pk])).status_code, 403)


class RosterFilterTestCase(RosterTestCase):
    def test_filters(self):
        SocialAccount.objects.create(employee=self.emp_a, platform="x", handle="budi")
        self.login(self.admin)
        url = reverse("employee_list")
        self.assertNotContains(self.client.get(url, {"type": "pppk"}), "Budi Santoso")
        self.assertContains(self.client.get(url, {"type": "pppk"}), "Siti Rahayu")
        r = self.client.get(url, {"accounts": "ya"})
        self.assertContains(r, "Budi Santoso")
        self.assertNotContains(r, "Siti Rahayu")
        self.assertContains(self.client.get(url, {"q": NIP_A[:10]}), "Budi Santoso")
        self.assertNotContains(self.client.get(url, {"unit": self.upt_b.pk}), "Budi Santoso")
        self.assertContains(self.client.get(url, {"position_class": "fungsional"}), "Budi Santoso")
        Employee.objects.filter(pk=self.emp_b.pk).update(is_active=False)
        self.assertNotContains(self.client.get(url), "Siti Rahayu")
        self.assertContains(self.client.get(url, {"active": "tidak"}), "Siti Rahayu")

    def test_htmx_request_gets_only_the_table(self):
        self.login(self.admin)
        r = self.client.get(reverse("employee_list"), {"q": "Budi"}, HTTP_HX_REQUEST="true")
        self.assertContains(r, "Budi Santoso")
        self.assertNotContains(r, "<html")


class EmployeeEditTestCase(RosterTestCase):
    def data(self, **kw):
        d = {"name": "Dewi Lestari", "employment_type": "pns", "nip": "199203142018012001", "nik": "",
             "internal_id": "", "unit": self.upt_a.pk, "position": "Analis", "position_class": "fungsional",
             "grade": "III/b", "email": "", "phone": "", "is_active": "on", "end_date": "", "move_note": ""}
        d.update(kw)
        return d

    def test_operator_creates_an_employee_in_own_unit(self):
        self.login(self.operator)
        r = self.client.post(reverse("employee_create"), self.data())
        emp = Employee.objects.get(nip="199203142018012001")
        self.assertRedirects(r, reverse("employee_detail", args=[emp.pk]))
        self.assertTrue(AuditEntry.objects.filter(model="people.employee", object_pk=str(emp.pk),
                                                  action="create", actor_name="operator").exists())

    def test_operator_cannot_put_an_employee_in_another_unit(self):
        self.login(self.operator)
        r = self.client.post(reverse("employee_create"), self.data(unit=self.upt_b.pk))
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Employee.objects.filter(nip="199203142018012001").exists())

    def test_invalid_nip_is_explained(self):
        self.login(self.operator)
        r = self.client.post(reverse("employee_create"), self.data(nip="198503122010123001"))
        self.assertContains(r, "Digit jenis kelamin pada NIP")

    def test_pns_needs_nip_and_ppnpn_needs_an_id(self):
        self.login(self.operator)
        self.assertContains(self.client.post(reverse("employee_create"), self.data(nip="")), "NIP wajib diisi")
        r = self.client.post(reverse("employee_create"), self.data(nip="", employment_type="ppnpn", grade=""))
        self.assertContains(r, "NIK atau nomor pegawai internal")

    def test_duplicate_nip_is_refused(self):
        self.login(self.operator)
        r = self.client.post(reverse("employee_create"), self.data(nip=NIP_A))
        self.assertContains(r, "tidak dapat dipakai")

    def test_moving_an_employee_is_recorded(self):
        self.login(self.admin)
        data = self.data(name="Budi Santoso", nip=NIP_A, unit=self.upt_b.pk, grade="III/a",
                         move_note="SK Mutasi W13-123")
        r = self.client.post(reverse("employee_edit", args=[self.emp_a.pk]), data)
        self.assertRedirects(r, reverse("employee_detail", args=[self.emp_a.pk]))
        move = EmployeeMove.objects.get(employee=self.emp_a)
        self.assertEqual((move.from_unit, move.to_unit, move.note), (self.upt_a, self.upt_b, "SK Mutasi W13-123"))
        r = self.client.get(reverse("employee_detail", args=[self.emp_a.pk]))
        self.assertContains(r, "Riwayat perpindahan unit")
        self.assertContains(r, "Unit kerja: ")  # the change history lists the changed field, by its label


class AccountTestCase(RosterTestCase):
    def test_team_adds_an_account_and_the_same_one_typed_differently_conflicts(self):
        self.login(self.pengawas)
        self.client.post(reverse("account_add", args=[self.emp_a.pk]),
                         {"platform": "instagram", "handle": "https://www.instagram.com/Budi.S/"})
        acc = SocialAccount.objects.get(employee=self.emp_a)
        self.assertEqual((acc.handle, acc.source), ("budi.s", "found"))
        r = self.client.post(reverse("account_add", args=[self.emp_b.pk]),
                             {"platform": "instagram", "handle": "@budi.s"}, follow=True)
        self.assertContains(r, "sudah tercatat atas nama Budi Santoso")
        self.assertEqual(SocialAccount.objects.filter(handle="budi.s").count(), 1)

    def test_conflict_with_an_unseen_unit_does_not_leak_the_name(self):
        SocialAccount.objects.create(employee=self.emp_b, platform="tiktok", handle="siti")
        self.login(self.operator)
        r = self.client.post(reverse("account_add", args=[self.emp_a.pk]),
                             {"platform": "tiktok", "handle": "@siti"}, follow=True)
        self.assertContains(r, "atas nama pegawai lain")
        self.assertNotContains(r, "Siti Rahayu")

    def test_audit_entries_carry_the_unit_reached_through_scope_field(self):
        acc = SocialAccount.objects.create(employee=self.emp_b, platform="x", handle="siti")
        entry = AuditEntry.objects.get(model="people.socialaccount", object_pk=str(acc.pk))
        self.assertEqual(entry.unit_path, self.upt_b.path)  # employee__unit
        self.assertFalse(AuditEntry.objects.for_user(self.operator).filter(pk=entry.pk).exists())

    def test_removal_needs_a_reason_and_keeps_history(self):
        acc = SocialAccount.objects.create(employee=self.emp_a, platform="x", handle="budi")
        self.login(self.pengawas)  # Tim Pengawas removes directly; others ask (test_provenance.py)
        self.client.post(reverse("account_remove", args=[acc.pk]), {"reason": ""})
        acc.refresh_from_db()
        self.assertIsNone(acc.removed_at)
        r = self.client.post(reverse("account_remove", args=[acc.pk]), {"reason": "Akun ditutup"})
        self.assertContains(r, "Alasan: Akun ditutup")  # asks first, with the reason carried over
        self.assertContains(r, '<input type="hidden" name="reason" value="Akun ditutup">', html=True)
        acc.refresh_from_db()
        self.assertIsNone(acc.removed_at)
        self.client.post(reverse("account_remove", args=[acc.pk]), {"reason": "Akun ditutup", "confirmed": "yes"})
        acc.refresh_from_db()
        self.assertEqual(acc.removed_reason, "Akun ditutup")
        # Once removed, the account can be attached to someone else.
        SocialAccount.objects.create(employee=self.emp_b, platform="x", handle="budi")

    def test_verify_toggle_is_for_team_and_admin(self):
        acc = SocialAccount.objects.create(employee=self.emp_a, platform="x", handle="budi")
        self.login(self.operator)
        self.assertEqual(self.client.post(reverse("account_verify", args=[acc.pk])).status_code, 403)
        self.login(self.pengawas)
        self.client.post(reverse("account_verify", args=[acc.pk]))
        acc.refresh_from_db()
        self.assertTrue(acc.verified)


class SelfServiceTestCase(RosterTestCase):
    def test_pegawai_sees_own_data_and_declares_an_account(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("me"))
        self.assertContains(r, "Budi Santoso")
        self.assertContains(r, NIP_A)
        self.client.post(reverse("me"), {"action": "add", "platform": "tiktok", "handle": "@budi_tt"})
        acc = SocialAccount.objects.get(employee=self.emp_a, handle="budi_tt")
        self.assertEqual(acc.source, "declared")
        self.assertTrue(AuditEntry.objects.filter(model="people.socialaccount", object_pk=str(acc.pk),
                                                  actor_name="pegawai").exists())

    def test_pegawai_removes_own_account_with_reason_only(self):
        acc = SocialAccount.objects.create(employee=self.emp_a, platform="x", handle="budi", source="declared")
        other = SocialAccount.objects.create(employee=self.emp_b, platform="x", handle="siti")
        self.login(self.pegawai)
        self.client.post(reverse("me"), {"action": "remove", "account": acc.pk, "reason": ""})
        acc.refresh_from_db()
        self.assertIsNone(acc.removed_at)
        r = self.client.post(reverse("me"), {"action": "remove", "account": other.pk, "reason": "bukan saya"})
        self.assertEqual(r.status_code, 404)
        self.client.post(reverse("me"), {"action": "remove", "account": acc.pk, "reason": "sudah ditutup"})
        acc.refresh_from_db()
        self.assertIsNotNone(acc.removed_at)

    def test_user_without_employee_record_gets_an_explanation(self):
        self.login(self.outsider)
        self.assertContains(self.client.get(reverse("me")), "belum terhubung dengan data pegawai")


class MappingLayoutTestCase(RosterTestCase):
    def test_each_mapping_select_is_styled_and_labelled(self):
        from netral.people.forms import MappingForm

        form = MappingForm(header=["NIP", "Nama"], initial_mapping={"nip": "NIP"})
        html = str(form["nip"])
        assert 'class="form-select form-select-sm"' in html
