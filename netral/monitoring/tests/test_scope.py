"""Scope on every write and lookup inside monitoring workflows (issue 11, point 3).

Rule (docs/security.md, "Scoping rules"): attribution, capture, import, case joining, duplicates
and counts only ever touch objects in the acting user's scope; a handle that belongs elsewhere is
reported or left alone, never taken.
"""

from django.urls import reverse

from netral.core import audit
from netral.core.models import Role
from netral.monitoring import actions, ingest
from netral.cases import actions as case_actions
from netral.cases.models import Case
from netral.monitoring.models import ContentItem, Finding
from netral.monitoring.scanning import scan_items
from netral.monitoring.store import save_records
from netral.monitoring.tests.helpers import MonitoringCase
from netral.people.models import Employee, SocialAccount
from netral.test import make_user

PARTISAN = "Jangan lupa coblos nomor 2 ya! ✌️ pilih paslon 02"


def csv_rows(*rows):
    lines = ["platform,id,akun,teks"] + [",".join(r) for r in rows]
    return list(ingest.parse(("\n".join(lines) + "\n").encode(), "generic"))


class ScopeTests(MonitoringCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_pengawas = make_user("other_pengawas", Role.PENGAWAS, cls.other_kanwil)
        with audit.disabled():
            cls.joko = Employee.objects.create(unit=cls.upt_c, employment_type="ppnpn", internal_id="P-3",
                                               name="Joko Lain")
            cls.budi.user = cls.pegawai
            cls.budi.save()

    def test_it_does_not_move_another_kanwils_content_when_a_pegawai_declares_a_handle(self):
        save_records(csv_rows(("instagram", "o1", "rahasia.h", PARTISAN)), unit=self.upt_c, user=self.other_admin)
        save_records(csv_rows(("instagram", "o2", "rahasia.h", PARTISAN)), unit=self.upt_b, user=self.outsider)
        save_records(csv_rows(("instagram", "k1", "rahasia.h", PARTISAN)), unit=self.kanwil, user=self.pengawas)
        scan_items(ContentItem.objects.values_list("pk", flat=True))
        self.login(self.pegawai)
        r = self.client.post(reverse("me"), {"action": "add", "platform": "instagram", "handle": "@rahasia.h"},
                             follow=True)
        assert r.status_code == 200
        other = ContentItem.objects.get(external_id="o1")
        assert (other.unit_id, other.employee_id, other.account_id) == (self.upt_c.pk, None, None)
        assert Finding.objects.get(content=other).unit_id == self.upt_c.pk
        sibling = ContentItem.objects.get(external_id="o2")
        assert (sibling.unit_id, sibling.employee_id) == (self.upt_b.pk, None)
        # Content the own Kanwil captured moves down to the employee: its owners still see it.
        own = ContentItem.objects.get(external_id="k1")
        assert (own.unit_id, own.employee_id) == (self.upt_a.pk, self.budi.pk)

    def test_it_does_not_move_content_when_the_team_adds_a_handle(self):
        save_records(csv_rows(("x", "o3", "joko_lain", PARTISAN)), unit=self.upt_c, user=self.other_admin)
        self.login(self.pengawas)
        self.client.post(reverse("account_add", args=[self.budi.pk]), {"platform": "x", "handle": "joko_lain"})
        item = ContentItem.objects.get(external_id="o3")
        assert (item.unit_id, item.employee_id) == (self.upt_c.pk, None)

    def test_an_import_by_handle_never_queues_items_in_another_kanwil(self):
        SocialAccount.objects.create(employee=self.joko, platform="x", handle="joko_lain")
        save_records(csv_rows(("x", "i9", "joko_lain", PARTISAN), ("x", "i10", "budi_asn", PARTISAN)),
                     unit=self.kanwil, user=self.pengawas)
        foreign = ContentItem.objects.get(external_id="i9")
        assert (foreign.unit_id, foreign.employee_id, foreign.account_id) == (self.kanwil.pk, None, None)
        own = ContentItem.objects.get(external_id="i10")
        assert (own.unit_id, own.employee_id) == (self.upt_a.pk, self.budi.pk)

    def test_an_import_by_a_upt_never_queues_items_in_a_sibling_upt(self):
        save_records(csv_rows(("instagram", "i11", "siti.pns", PARTISAN)), unit=self.upt_a, user=self.operator)
        item = ContentItem.objects.get(external_id="i11")
        assert (item.unit_id, item.employee_id) == (self.upt_a.pk, None)

    def test_manual_capture_by_handle_never_queues_items_in_another_kanwil(self):
        SocialAccount.objects.create(employee=self.joko, platform="x", handle="joko_lain")
        self.login(self.pengawas)
        r = self.client.post(reverse("content_create"), {
            "platform": "x", "handle": "joko_lain", "interaction": "post", "text": PARTISAN,
            "url": "https://x.com/joko_lain/status/1"})
        assert r.status_code == 302
        item = ContentItem.objects.get(handle="joko_lain")
        assert (item.unit_id, item.employee_id, item.account_id) == (self.kanwil.pk, None, None)

    def _finding(self, ext, handle, unit, user, platform="instagram"):
        save_records(csv_rows((platform, ext, handle, PARTISAN)), unit=unit, user=user)
        item = ContentItem.objects.get(external_id=ext)
        scan_items([item.pk])
        return Finding.objects.get(content=item)

    def test_confirming_never_joins_another_kanwils_case(self):
        foreign = self._finding("c1", "sama.h", self.upt_c, self.other_admin)
        actions.decide(foreign, "confirm", user=self.other_admin)
        foreign.refresh_from_db()
        mine = self._finding("c2", "sama.h", self.kanwil, self.pengawas)
        actions.decide(mine, "confirm", user=self.pengawas)
        mine.refresh_from_db()
        assert mine.case_id != foreign.case_id
        assert mine.case.unit_id == self.kanwil.pk and Case.objects.count() == 2

    def test_confirming_never_joins_a_sibling_upts_case_for_the_same_employee(self):
        # A case opened at UPT-B level for Budi (e.g. after a move) is not the operator's to join.
        theirs = case_actions.open_case(user=self.admin, unit=self.upt_b, source="finding", employees=[self.budi],
                                        title="B")
        mine = self._finding("c3", "budi_asn", self.upt_a, self.operator, platform="x")
        assert mine.employee_id == self.budi.pk
        upt_a_pengawas = make_user("pengawas_a", Role.PENGAWAS, self.upt_a)
        actions.decide(mine, "confirm", user=upt_a_pengawas)
        mine.refresh_from_db()
        assert mine.case.unit_id == self.upt_a.pk and mine.case_id != theirs.pk

    def test_duplicates_are_only_looked_up_in_scope(self):
        foreign = self._finding("d1", "x1", self.upt_c, self.other_admin)
        mine = self._finding("d2", "x2", self.kanwil, self.pengawas)
        assert foreign.group_key == mine.group_key != ""
        with self.assertRaises(actions.TriageError):
            actions.decide(mine, "duplicate", user=self.pengawas)
        with self.assertRaises(actions.TriageError):
            actions.decide(mine, "duplicate", user=self.pengawas, duplicate_of=foreign)
        mine.refresh_from_db()
        assert mine.status == "new" and mine.duplicate_of_id is None

    def test_group_counts_only_count_findings_in_scope(self):
        for i in range(3):
            self._finding(f"g{i}", f"o{i}", self.upt_c, self.other_admin)
        mine = self._finding("g9", "m9", self.kanwil, self.pengawas)
        self.login(self.pengawas)
        r = self.client.get(reverse("finding_list"))
        row = next(f for f in r.context["rows"] if f.pk == mine.pk)
        assert row.group_size == 1
