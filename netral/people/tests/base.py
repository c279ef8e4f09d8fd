from netral.people.models import Employee
from netral.test import BaseTestCase

NIP_A = "198503122010121001"
NIP_B = "199001012015032002"
NIP_C = "197812252005011003"


class RosterTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.emp_a = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip=NIP_A, name="Budi Santoso",
                                            position="Penjaga Tahanan", position_class="fungsional", grade="III/a",
                                            user=cls.pegawai)
        cls.emp_b = Employee.objects.create(unit=cls.upt_b, employment_type="pppk", nip=NIP_B, name="Siti Rahayu",
                                            position="Pengadministrasi", position_class="pelaksana", grade="7")
        cls.emp_c = Employee.objects.create(unit=cls.upt_c, employment_type="ppnpn", internal_id="P-001",
                                            name="Joko Prasetyo", position="Pengemudi")
