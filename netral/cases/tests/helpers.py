from netral.cases import actions
from netral.core import audit
from netral.people.models import Employee
from netral.test import BaseTestCase, make_user


class CasesTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from netral.cases.holidays import load
        from netral.cases.models import Holiday, SLARule
        from netral.core.models import Role

        # Migration 0002 loads these; a transactional test elsewhere may have flushed them.
        load(Holiday, SLARule)

        cls.other_pengawas = make_user("other_pengawas", Role.PENGAWAS, cls.other_kanwil)
        cls.other_pimpinan = make_user("other_pimpinan", Role.PIMPINAN, cls.other_kanwil)
        with audit.disabled():
            cls.budi = Employee.objects.create(unit=cls.upt_a, employment_type="pns", nip="199001012015031001",
                                               name="Budi Santoso", position="Penjaga Tahanan")
            cls.siti = Employee.objects.create(unit=cls.upt_b, employment_type="pppk", nip="199202022021212002",
                                               name="Siti Aminah")
            cls.joko = Employee.objects.create(unit=cls.upt_c, employment_type="ppnpn", internal_id="P-9",
                                               name="Joko Lain")

    def open(self, user=None, employees=None, **kw):
        user = user or self.pengawas
        employees = [self.budi] if employees is None else employees
        kw.setdefault("title", "Dugaan pelanggaran Budi")
        kw.setdefault("unit", employees[0].unit if employees else self.upt_a)
        return actions.open_case(user=user, source=kw.pop("source", "manual"), employees=employees, **kw)
