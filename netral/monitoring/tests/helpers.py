from pathlib import Path

from netral.core import audit
from netral.people.models import Employee, SocialAccount
from netral.test import BaseTestCase

SAMPLES = Path(__file__).parent / "samples"


def sample(name) -> bytes:
    return (SAMPLES / name).read_bytes()


class MonitoringCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with audit.disabled():
            cls.budi = Employee.objects.create(unit=cls.upt_a, employment_type="ppnpn", internal_id="P-1",
                                               name="Budi Santoso")
            cls.siti = Employee.objects.create(unit=cls.upt_b, employment_type="ppnpn", internal_id="P-2",
                                               name="Siti Aminah")
            SocialAccount.objects.create(employee=cls.budi, platform="x", handle="budi_asn")
            SocialAccount.objects.create(employee=cls.budi, platform="facebook", handle="budi_asn")
            SocialAccount.objects.create(employee=cls.siti, platform="instagram", handle="siti.pns")
