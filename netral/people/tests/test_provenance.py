"""Accounts have provenance (issue 11, point 4; docs/roster.md, "Accounts and their provenance"):
removing an account the team found, or an import brought, is a request Tim Pengawas reviews."""

from django.urls import reverse

from netral.core.models import AuditEntry
from netral.monitoring import ingest
from netral.monitoring.models import ContentItem
from netral.monitoring.store import save_records
from netral.people.models import AccountRemovalRequest, SocialAccount
from netral.people.tests.base import RosterTestCase


class ProvenanceTests(RosterTestCase):
    def setUp(self):
        self.found = SocialAccount.objects.create(employee=self.emp_a, platform="x", handle="budi_found",
                                                  source=SocialAccount.Source.FOUND, created_by=self.pengawas)
        self.declared = SocialAccount.objects.create(employee=self.emp_a, platform="tiktok", handle="budi_own",
                                                     source=SocialAccount.Source.DECLARED, created_by=self.pegawai)

    def remove_as_pegawai(self, account, reason="bukan akun saya"):
        self.login(self.pegawai)
        return self.client.post(reverse("me"), {"action": "remove", "account": account.pk, "reason": reason},
                                follow=True)

    def test_an_employee_removing_a_found_account_only_asks_for_it(self):
        r = self.remove_as_pegawai(self.found)
        self.assertContains(r, "permintaan penghapusan dikirim ke Tim Pengawas")
        self.found.refresh_from_db()
        assert self.found.removed_at is None
        req = AccountRemovalRequest.objects.get(account=self.found)
        assert (req.status, req.requested_by, req.reason) == ("pending", self.pegawai, "bukan akun saya")
        # Later findings keep their employee while the request waits.
        save_records(list(ingest.parse(b"platform,id,akun,teks\nx,n1,budi_found,halo semua\n", "generic")),
                     unit=self.kanwil, user=self.pengawas)
        assert ContentItem.objects.get(external_id="n1").employee_id == self.emp_a.pk

    def test_a_second_click_does_not_make_a_second_request(self):
        self.remove_as_pegawai(self.found)
        r = self.remove_as_pegawai(self.found, "lagi")
        self.assertContains(r, "sudah menunggu telaah")
        assert AccountRemovalRequest.objects.filter(account=self.found).count() == 1

    def test_an_employee_removes_their_own_declaration_directly(self):
        self.remove_as_pegawai(self.declared, "akun sudah ditutup")
        self.declared.refresh_from_db()
        assert self.declared.removed_at is not None
        assert not AccountRemovalRequest.objects.exists()

    def test_an_operator_removing_an_imported_account_also_asks(self):
        imported = SocialAccount.objects.create(employee=self.emp_a, platform="facebook", handle="budi.fb",
                                                source=SocialAccount.Source.IMPORTED)
        self.login(self.operator)
        self.client.post(reverse("account_remove", args=[imported.pk]), {"reason": "salah impor", "confirmed": "yes"})
        imported.refresh_from_db()
        assert imported.removed_at is None and imported.removal_requests.get().status == "pending"

    def test_the_team_approves_or_rejects_with_a_reason(self):
        self.remove_as_pegawai(self.found)
        req = AccountRemovalRequest.objects.get()
        self.login(self.pengawas)
        url = reverse("account_removal_decide", args=[req.pk])
        r = self.client.post(url, {"decision": "reject", "reason": ""}, follow=True)
        self.assertContains(r, "Alasan keputusan wajib diisi")
        req.refresh_from_db()
        assert req.status == "pending"
        self.client.post(url, {"decision": "approve", "reason": "akun sudah dihapus pemiliknya"})
        req.refresh_from_db()
        self.found.refresh_from_db()
        assert req.status == "approved" and req.decided_by == self.pengawas
        assert self.found.removed_at is not None and self.found.removed_reason == "bukan akun saya"
        r = self.client.post(url, {"decision": "reject", "reason": "klik kedua"}, follow=True)
        self.assertContains(r, "sudah diputuskan")
        req.refresh_from_db()
        assert req.status == "approved"

    def test_a_rejected_request_keeps_the_account(self):
        self.remove_as_pegawai(self.found)
        req = AccountRemovalRequest.objects.get()
        self.login(self.admin)
        self.client.post(reverse("account_removal_decide", args=[req.pk]),
                         {"decision": "reject", "reason": "akun masih aktif dipakai"})
        self.found.refresh_from_db()
        assert self.found.removed_at is None and AccountRemovalRequest.objects.get().status == "rejected"

    def test_reviewers_of_another_unit_cannot_decide(self):
        self.remove_as_pegawai(self.found)
        req = AccountRemovalRequest.objects.get()
        self.login(self.other_admin)
        r = self.client.post(reverse("account_removal_decide", args=[req.pk]),
                             {"decision": "approve", "reason": "x"})
        assert r.status_code == 404
        self.login(self.operator)
        r = self.client.post(reverse("account_removal_decide", args=[req.pk]),
                             {"decision": "approve", "reason": "x"})
        assert r.status_code == 403
        assert AccountRemovalRequest.objects.get().status == "pending"

    def test_every_change_is_in_the_employees_history(self):
        self.remove_as_pegawai(self.found)
        req = AccountRemovalRequest.objects.get()
        self.login(self.pengawas)
        self.client.post(reverse("account_removal_decide", args=[req.pk]),
                         {"decision": "approve", "reason": "disetujui"})
        models = set(AuditEntry.objects.values_list("model", flat=True))
        assert {"people.socialaccount", "people.accountremovalrequest"} <= models
        r = self.client.get(reverse("employee_detail", args=[self.emp_a.pk]))
        history = r.context["history"]
        kinds = {h.model for h in history}
        assert {"people.socialaccount", "people.accountremovalrequest"} <= kinds
        self.assertContains(r, "X (Twitter) @budi_found")
