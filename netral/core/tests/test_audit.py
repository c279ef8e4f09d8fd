from io import StringIO

from django.core.management import CommandError, call_command
from django.urls import reverse

from netral.core import audit
from netral.core.models import AuditEntry, OrgUnit
from netral.test import BaseTestCase, make_unit


class AuditChainTestCase(BaseTestCase):
    def test_it_records_create_update_delete_with_before_and_after(self):
        unit = make_unit("NEW", "bapas", self.kanwil, name="Bapas Baru")
        created = AuditEntry.objects.filter(model="core.orgunit", object_pk=str(unit.pk)).get()
        self.assertEqual(created.action, "create")
        self.assertIsNone(created.before)
        self.assertEqual(created.after["name"], "Bapas Baru")
        self.assertEqual(created.unit_path, unit.path)

        unit.name = "Bapas Kelas II Baru"
        unit.save()
        updated = AuditEntry.objects.filter(object_pk=str(unit.pk), action="update").get()
        self.assertEqual(updated.before["name"], "Bapas Baru")
        self.assertEqual(updated.after["name"], "Bapas Kelas II Baru")
        self.assertEqual([c[0] for c in updated.changed_fields()], ["name"])

        pk = unit.pk
        unit.delete()
        deleted = AuditEntry.objects.filter(object_pk=str(pk), action="delete").get()
        self.assertEqual(deleted.before["code"], "NEW")
        self.assertIsNone(deleted.after)

    def test_it_links_each_entry_to_the_previous_hash(self):
        make_unit("X1", "lapas", self.kanwil)
        make_unit("X2", "lapas", self.kanwil)
        entries = list(AuditEntry.objects.order_by("seq"))
        for prev, cur in zip(entries, entries[1:]):
            self.assertEqual(cur.prev_hash, prev.hash)
            self.assertEqual(cur.seq, prev.seq + 1)
        self.assertEqual(entries[0].prev_hash, audit.GENESIS)
        self.assertEqual(audit.verify_chain()[1], None)

    def test_it_does_not_record_password_or_last_login(self):
        before = AuditEntry.objects.count()
        from django.contrib.auth.models import update_last_login

        update_last_login(None, self.operator)
        self.assertEqual(AuditEntry.objects.count(), before)
        entry = AuditEntry.objects.filter(model="core.user", object_pk=str(self.operator.pk)).first()
        self.assertNotIn("password", entry.after)

    def test_verify_audit_catches_a_tampered_row(self):
        make_unit("T1", "lapas", self.kanwil, name="Asli")
        target = AuditEntry.objects.filter(object_repr="Asli").get()
        out = StringIO()
        call_command("verify_audit", stdout=out)
        self.assertIn("utuh", out.getvalue())
        # An attacker with database access edits the recorded value behind the ORM's back.
        after = dict(target.after, name="Dipalsukan")
        AuditEntry.objects.filter(pk=target.pk).update(after=after)
        with self.assertRaisesMessage(CommandError, f"entri #{target.seq}"):
            call_command("verify_audit", stdout=StringIO())

    def test_verify_audit_catches_a_deleted_row(self):
        make_unit("T2", "lapas", self.kanwil)
        make_unit("T3", "lapas", self.kanwil)
        middle = AuditEntry.objects.order_by("seq")[3]
        AuditEntry.objects.filter(pk=middle.pk)._raw_delete(AuditEntry.objects.db)
        checked, problem = audit.verify_chain()
        self.assertEqual(problem[0], middle.seq)
        self.assertIn("hilang", problem[1])

    def test_verify_audit_catches_a_truncated_tail(self):
        make_unit("T4", "lapas", self.kanwil)
        last = AuditEntry.objects.order_by("-seq").first()
        AuditEntry.objects.filter(pk=last.pk)._raw_delete(AuditEntry.objects.db)
        self.assertIsNotNone(audit.verify_chain()[1])

    def test_entries_refuse_edit_and_delete_through_the_orm(self):
        entry = AuditEntry.objects.first()
        entry.note = "ubah"
        with self.assertRaises(Exception):
            entry.save()
        with self.assertRaises(Exception):
            entry.delete()

    def test_it_records_the_request_user_as_actor(self):
        self.login(self.admin)
        self.client.post(reverse("unit_edit", args=[self.upt_a.pk]), {
            "code": "UPT-A", "name": "Lapas Uji A Baru", "kind": "lapas", "parent": self.kanwil.pk,
            "province": "", "regency": "", "address": "", "is_active": "on",
        })
        entry = AuditEntry.objects.filter(model="core.orgunit", action="update").last()
        self.assertEqual(entry.actor_id, self.admin.pk)
        self.assertEqual(entry.actor_name, "admin")
        self.assertEqual(entry.after["name"], "Lapas Uji A Baru")

    def test_record_event_for_domain_events(self):
        e = audit.record_event(self.upt_a, "Impor selesai", actor="sistem", data={"rows": 3})
        self.assertEqual(e.action, "event")
        self.assertEqual(e.after, {"rows": 3})
        self.assertIsNone(audit.verify_chain()[1])


class AuditPagesTestCase(BaseTestCase):
    def test_it_lists_and_filters_entries(self):
        make_unit("F1", "lapas", self.kanwil, name="Lapas Saring")
        self.login(self.pimpinan)
        r = self.client.get(reverse("audit_list"), {"q": "Lapas Saring", "action": "create"})
        self.assertContains(r, "Lapas Saring")
        r = self.client.get(reverse("audit_list"), {"q": "Lapas Saring", "action": "delete"})
        self.assertNotContains(r, "<td>Lapas Saring")
        self.assertContains(r, "Tidak ada catatan yang cocok")

    def test_a_search_sorts_few_matches_and_walks_the_index_for_many_with_the_same_result(self):
        from datetime import datetime

        from django.test import override_settings
        from django.utils import timezone

        for i in range(4):
            make_unit(f"S{i}", "lapas", self.kanwil, name=f"Lapas Cari {i}")
        entries = sorted(AuditEntry.objects.filter(object_repr__contains="Lapas Cari"), key=lambda e: e.seq)
        for i, entry in enumerate(entries):  # the oldest written is the newest in time: seq does not give the order
            AuditEntry.objects.filter(pk=entry.pk).update(at=timezone.make_aware(datetime(2024, 3, 10 - i, 9)))
        self.login(self.pimpinan)
        for few, q, expected in ((3, "Lapas Cari", entries), (4, "Lapas Cari", entries),
                                 (3, "Lapas Cari 1", entries[1:2])):
            with override_settings(LIST_SORT_FEW=few):
                r = self.client.get(reverse("audit_list"), {"q": q})
            page = r.context["page"]
            self.assertEqual([e.seq for e in page.object_list], [e.seq for e in expected], (few, q))
            sorted_few = len(expected) <= few
            # Few matches: ordered by an expression (no index walk); many: by the `at` index's order.
            self.assertEqual(page.paginator.object_list.query.order_by[0] == "-at", not sorted_few, (few, q))
        r = self.client.get(reverse("audit_list"))  # no search: the index's order
        self.assertEqual(r.context["page"].paginator.object_list.query.order_by, ("-at", "-seq"))

    def test_it_rejects_inverted_date_range_with_a_message(self):
        self.login(self.admin)
        r = self.client.get(reverse("audit_list"), {"date_from": "2024-02-01", "date_to": "2024-01-01"})
        self.assertContains(r, "Tanggal awal harus sebelum tanggal akhir")

    def test_it_filters_by_local_days_inclusive(self):
        from datetime import datetime

        from django.utils import timezone

        make_unit("D1", "lapas", self.kanwil, name="Lapas Hari")
        entry = AuditEntry.objects.get(model="core.orgunit", object_repr__contains="Lapas Hari")
        # 00:30 local time on 10 March: the stored instant is 9 March in UTC, the office's day is the 10th.
        local = timezone.make_aware(datetime(2024, 3, 10, 0, 30))
        AuditEntry.objects.filter(pk=entry.pk).update(at=local)
        self.login(self.pimpinan)
        for day_from, day_to, seen in (("2024-03-10", "2024-03-10", True), ("2024-03-09", "2024-03-09", False),
                                       ("2024-03-11", "2024-03-12", False), ("2024-03-01", "2024-03-10", True)):
            r = self.client.get(reverse("audit_list"), {"date_from": day_from, "date_to": day_to})
            self.assertEqual(entry in r.context["page"].object_list, seen, (day_from, day_to))

    def test_it_offers_every_model_of_the_chain_without_reading_the_log(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.login(self.admin)
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(reverse("audit_list"))
        self.assertFalse([q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()])
        choices = dict(r.context["form"].fields["model"].choices)
        for label in ("core.orgunit", "monitoring.finding", "cases.case", "monitoring.contentdigest"):
            self.assertIn(label, choices)
        self.assertNotIn("core.auditentry", choices)
        r = self.client.get(reverse("audit_list"), {"model": "core.orgunit"})
        self.assertTrue(r.context["page"].object_list)
        self.assertTrue(all(e.model == "core.orgunit" for e in r.context["page"].object_list))

    def test_detail_shows_changes(self):
        self.upt_a.name = "Lapas Ganti Nama"
        self.upt_a.save()
        entry = AuditEntry.objects.filter(action="update", model="core.orgunit").last()
        self.login(self.admin)
        r = self.client.get(reverse("audit_detail", args=[entry.seq]))
        self.assertContains(r, "Lapas Ganti Nama")
        self.assertContains(r, entry.hash)

    def test_operator_cannot_see_audit(self):
        self.login(self.operator)
        self.assertEqual(self.client.get(reverse("audit_list")).status_code, 403)


class AuditDisplayTestCase(BaseTestCase):
    def test_it_shows_field_labels_and_local_times(self):
        from netral.core.models import AuditEntry

        self.upt_a.name = "Lapas Uji A Baru"
        self.upt_a.save()
        entry = AuditEntry.objects.filter(model="core.orgunit", object_pk=str(self.upt_a.pk)).order_by("seq").last()
        rows = entry.changed_fields_display()
        self.assertIn(("Nama", "Lapas Uji A", "Lapas Uji A Baru"), rows)
        self.assertEqual(entry.model_label, "Unit kerja")
        self.login(self.admin)
        r = self.client.get(reverse("audit_detail", args=[entry.seq]))
        self.assertContains(r, "Nama")
        self.assertNotContains(r, "core.orgunit")

    def test_it_converts_stored_utc_times(self):
        from netral.core.models import _display_value

        self.assertEqual(_display_value(None, "2026-12-01T23:30:00+00:00"), "2 Desember 2026 06:30 WIB")
