"""The cases section of the own-data export: closed cases only, without the team's working notes."""

import json

from django.urls import reverse

from netral.cases import actions
from netral.cases.models import Case, State
from netral.people.models import Employee
from netral.test import BaseTestCase


class OwnDataCasesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.emp = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="198503122010121001",
                                          name="Budi Santoso", user=cls.pegawai)
        other = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="199001012015032002",
                                        name="Siti Rahayu")
        cls.closed = actions.open_case(user=cls.pengawas, unit=cls.upt_a, source="finding", employees=[cls.emp],
                                       title="Kasus selesai", description="Kata pelapor: RAHASIA-URAIAN")
        Case.objects.filter(pk=cls.closed.pk).update(state=State.CLOSED, decision_note="Teguran lisan")
        cls.running = actions.open_case(user=cls.pengawas, unit=cls.upt_a, source="finding", employees=[cls.emp],
                                        title="Kasus berjalan")
        cls.others = actions.open_case(user=cls.pengawas, unit=cls.upt_a, source="finding", employees=[other],
                                       title="Kasus orang lain")
        Case.objects.filter(pk=cls.others.pk).update(state=State.CLOSED)

    def test_it_lists_the_persons_closed_cases_only_without_working_notes(self):
        self.login(self.pegawai)
        data = json.loads(self.client.get(reverse("my_data"), {"format": "json"}).content)
        section = next(s for s in data["sections"] if s["title"] == "Kasus yang telah selesai")
        text = json.dumps(section, ensure_ascii=False)
        self.assertIn(self.closed.number, text)
        self.assertIn("Teguran lisan", text)
        for absent in (self.running.number, self.others.number, "RAHASIA-URAIAN"):
            self.assertNotIn(absent, text)

    def test_a_user_without_an_employee_record_gets_an_empty_section(self):
        self.login(self.admin)
        data = json.loads(self.client.get(reverse("my_data"), {"format": "json"}).content)
        section = next(s for s in data["sections"] if s["title"] == "Kasus yang telah selesai")
        self.assertEqual(section["rows"], [])
