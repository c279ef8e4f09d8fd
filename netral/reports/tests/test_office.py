"""The signature block of monev reports comes from the Admin-set office profile (core.OfficeProfile)."""

from netral.core.models import OfficeProfile
from netral.reports.office import office_identity
from netral.test import BaseTestCase


class OfficeIdentityTestCase(BaseTestCase):
    def test_it_takes_the_admin_set_profile_of_the_office(self):
        OfficeProfile.objects.create(unit=self.kanwil, name="Kantor Wilayah Uji", parent_name="Kementerian Uji",
                                     address="Jl. Uji 1", city="Semarang", head_title="Kepala Kantor Wilayah",
                                     head_name="Dr. Kepala Uji", head_nip="197001011990031001")
        office = office_identity(self.upt_a)
        self.assertEqual((office.name, office.parent_name, office.city, office.head_name, office.head_nip,
                          office.head_title),
                         ("Kantor Wilayah Uji", "Kementerian Uji", "Semarang", "Dr. Kepala Uji",
                          "197001011990031001", "Kepala Kantor Wilayah"))

    def test_without_a_profile_the_office_unit_and_its_pimpinan_stand_in(self):
        office = office_identity(self.upt_a)
        self.assertEqual(office.name, self.upt_a.name)
        self.assertEqual(office.head_title, f"Kepala {self.upt_a.name}")


class CaseLetterheadTestCase(BaseTestCase):
    def test_case_letters_take_the_same_profile(self):
        from netral.cases import actions
        from netral.cases.letters import letterhead

        OfficeProfile.objects.create(unit=self.kanwil, name="Kantor Wilayah Uji", parent_name="Kementerian Uji",
                                     address="Jl. Uji 1", city="Semarang")
        case = actions.open_case(user=self.pengawas, unit=self.upt_a, source="finding", employees=[],
                                 title="Kasus kop surat")
        self.assertEqual(letterhead(case), {"instansi": "KEMENTERIAN UJI", "kantor": "KANTOR WILAYAH UJI",
                                            "alamat_kantor": "Jl. Uji 1", "kota": "Semarang"})
