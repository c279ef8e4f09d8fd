from netral.api.tests.base import ApiTestCase, make_employee
from netral.core.models import AuditEntry
from netral.people.models import Employee

NIP = "198503122010121001"
NIP_C = "197812252005011003"


class RosterTests(ApiTestCase):
    def test_it_creates_and_reports_row_errors(self):
        body = [{"nip": NIP, "name": "Budi", "employment_type": "PNS", "unit_code": "UPT-A"},
                {"nip": "123", "name": "Salah", "employment_type": "PNS", "unit_code": "UPT-A"},
                {"nip": NIP_C, "employment_type": "PNS", "unit_code": "UPT-A"},
                {"internal_id": "P-1", "name": "Cici", "employment_type": "PPNPN", "unit_code": "UPT-C"}]
        r = self.call("post", "/api/roster", body)
        self.assertEqual(r.status_code, 200, r.content)
        out = r.json()
        self.assertEqual(out["created"], 1)
        self.assertEqual([e["index"] for e in out["errors"]], [1, 2, 3])
        self.assertIn("Nama kosong", out["errors"][1]["reason"])
        self.assertEqual(Employee.objects.get(nip=NIP).unit, self.upt_a)
        self.assertTrue(AuditEntry.objects.filter(actor_name="api:SIMPEG", model="people.employee").exists())

    def test_a_lone_surrogate_is_stored_as_a_replacement_character_not_a_500(self):
        body = '[{"name": "Budi \\ud800", "employment_type": "PPNPN", "internal_id": "S-1", "unit_code": "UPT-A"}]'
        r = self.call("post", "/api/roster", body)
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["created"], 1)
        self.assertEqual(Employee.objects.get(internal_id="S-1").name, "Budi \ufffd")

    def test_implausible_end_dates_and_emails_are_row_errors(self):
        # The roster form refuses them; the import (file and API, one plan) stored an end date in 9999 or 0001 and an
        # "email" with a line break (which the reminder mail then cannot be sent to).
        body = [{"internal_id": "D-1", "name": "A", "employment_type": "PPNPN", "unit_code": "UPT-A",
                 "end_date": "9999-12-31"},
                {"internal_id": "D-2", "name": "B", "employment_type": "PPNPN", "unit_code": "UPT-A",
                 "end_date": "0001-01-01", "active": "berhenti"},
                {"internal_id": "D-3", "name": "C", "employment_type": "PPNPN", "unit_code": "UPT-A",
                 "email": "c@contoh.go.id\n<script>"},
                {"internal_id": "D-4", "name": "D", "employment_type": "PPNPN", "unit_code": "UPT-A",
                 "end_date": "29-02-2024", "active": "berhenti", "email": "d@contoh.go.id"}]
        out = self.call("post", "/api/roster", body).json()
        self.assertEqual([e["index"] for e in out["errors"]], [0, 1, 2], out)
        self.assertEqual(out["created"], 1)
        self.assertEqual(str(Employee.objects.get(internal_id="D-4").end_date), "2024-02-29")

    def test_it_keeps_absent_fields_and_clears_only_explicitly(self):
        e = make_employee(self.upt_a, NIP, email="budi@contoh.go.id", phone="0812", position="Analis")
        out = self.call("post", "/api/roster", [{"nip": NIP, "position": "Kepala Seksi", "phone": None}]).json()
        self.assertEqual((out["updated"], out["errors"]), (1, []))
        e.refresh_from_db()
        self.assertEqual((e.position, e.email, e.phone, e.name), ("Kepala Seksi", "budi@contoh.go.id", "", "Budi"))

    def test_it_never_reactivates_without_an_explicit_status(self):
        e = make_employee(self.upt_a, NIP, is_active=False)
        self.call("post", "/api/roster", [{"nip": NIP, "position": "Staf"}])
        e.refresh_from_db()
        self.assertFalse(e.is_active)
        self.call("post", "/api/roster", [{"nip": NIP, "active": "aktif"}])
        e.refresh_from_db()
        self.assertTrue(e.is_active)

    def test_it_refuses_an_employee_of_another_kanwil_without_telling(self):
        e = make_employee(self.upt_c, NIP_C, name="Orang Lain")
        out = self.call("post", "/api/roster", [{"nip": NIP_C, "name": "Diubah", "employment_type": "PNS",
                                                 "unit_code": "UPT-A"}]).json()
        self.assertEqual(out["rejected"], 1)
        self.assertIn("di luar wewenang", out["errors"][0]["reason"])
        e.refresh_from_db()
        self.assertEqual((e.name, e.unit_id), ("Orang Lain", self.upt_c.pk))

    def test_it_refuses_unknown_fields_and_wrong_types(self):
        self.assertProblem(self.call("post", "/api/roster", [{"nip": NIP, "gaji": 1}]), 422, "validation")
        self.assertProblem(self.call("post", "/api/roster", [{"nip": ["a"]}]), 422, "validation")
        self.assertFalse(Employee.objects.exists())

    def test_the_same_new_employee_pushed_twice_concurrently_is_a_409_not_a_500(self):
        # Two pushes of the same new NIP: both plan "create"; the second one's insert meets the first one's row.
        # Simulated by letting the other request store its row between this request's plan and apply.
        from netral.people import roster_import

        real_apply = roster_import.apply

        def racing_apply(plan, user, note=""):
            make_employee(self.upt_a, NIP, name="Dari kiriman lain")
            return real_apply(plan, user, note=note)

        roster_import.apply = racing_apply
        try:
            r = self.call("post", "/api/roster", [{"nip": NIP, "name": "Budi", "employment_type": "PNS",
                                                    "unit_code": "UPT-A"}])
        finally:
            roster_import.apply = real_apply
        self.assertEqual(r.status_code, 409, r.content)
        self.assertEqual(r.json()["code"], "conflict")
        self.assertEqual(Employee.objects.filter(nip=NIP).count(), 1)
        # Sent again, it is an update of the row the other push stored.
        r = self.call("post", "/api/roster", [{"nip": NIP, "name": "Budi", "employment_type": "PNS",
                                                "unit_code": "UPT-A"}])
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(Employee.objects.get(nip=NIP).name, "Budi")
