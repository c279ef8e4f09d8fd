"""Shared fixture for the pembinaan tests: an election with a campaign stage, employees in two
UPTs, and a pact template at the Kanwil."""

from datetime import date

from netral.elections.models import Election, Stage
from netral.people.models import Employee
from netral.pledges.models import PactTemplate
from netral.test import BaseTestCase

_seq = iter(range(100, 999))


def make_employee(unit, name, etype="pns", user=None, active=True, email=""):
    n = next(_seq)
    nip = f"19850312201012{1 if n % 2 else 2}{n:03d}" if etype != "ppnpn" else None
    return Employee.objects.create(unit=unit, name=name, employment_type=etype, nip=nip,
                                   internal_id=None if nip else f"PPNPN-{n}", position="Pengelola Data",
                                   user=user, is_active=active, end_date=None if active else date(2024, 1, 1),
                                   email=email or f"{name.split()[0].lower()}{n}@example.go.id")


class PledgesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.election = Election.objects.create(slug="pilkada-uji", kind="pilkada", name="Pilkada Uji 2024",
                                               voting_day=date(2024, 11, 27))
        Stage.objects.create(election=cls.election, name="Kampanye", start=date(2024, 9, 25), end=date(2024, 11, 23),
                             phase="campaign")
        cls.me = make_employee(cls.upt_a, "Agus Setiawan", user=cls.pegawai)
        cls.a2 = make_employee(cls.upt_a, "Budi Hartono", "pppk")
        cls.a3 = make_employee(cls.upt_a, "Slamet Riyadi", "ppnpn")
        cls.b1 = make_employee(cls.upt_b, "Rina Marlina")
        cls.b2 = make_employee(cls.upt_b, "Hendra Saputra")
        cls.gone = make_employee(cls.upt_a, "Pensiunan Lama", active=False)
        cls.far = make_employee(cls.upt_c, "Eko Prasetyo")
        cls.template = PactTemplate.objects.create(election=cls.election, unit=cls.kanwil, place="Semarang",
                                                   pact_date=date(2024, 9, 1))
