"""The elections a unit sees are those of its region."""

from datetime import date

from netral.core.models import OrgUnit
from netral.elections.models import Election, Stage
from netral.elections.regime import nearest_elections
from netral.test import BaseTestCase, make_unit, make_user


def election(slug, level, code, voting_day):
    e = Election.objects.create(slug=slug, kind="pilkada" if level != "national" else "pemilu", name=slug,
                                level=level, region_code=code, voting_day=voting_day)
    Stage.objects.create(election=e, name="Pemungutan suara", phase="voting", start=voting_day, end=voting_day)
    return e


class RegionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reference = set(Election.objects.values_list("slug", flat=True))  # loaded by migrations
        OrgUnit.objects.filter(pk=cls.kanwil.pk).update(province="Jawa Tengah", regency="Kota Semarang")
        OrgUnit.objects.filter(pk=cls.upt_a.pk).update(regency="Kota Semarang")
        cls.upt_kudus = make_unit("UPT-K", "lapas", cls.kanwil, name="Lapas Kudus", regency="Kab. Kudus")
        cls.op_kudus = make_user("op_kudus", "operator", cls.upt_kudus)
        OrgUnit.objects.filter(pk=cls.upt_c.pk).update(province="Aceh")
        cls.national = election("pemilu-2029", "national", "", date(2029, 2, 14))
        cls.kudus = election("psu-kudus", "regency", "3319", date(2027, 1, 10))
        cls.jateng = election("pilgub-jateng", "province", "33", date(2028, 11, 27))
        cls.aceh = election("pilkada-aceh", "province", "11", date(2027, 3, 1))
        for u in (cls.kanwil, cls.upt_a, cls.upt_kudus, cls.upt_c):
            u.refresh_from_db()

    def visible(self, unit):
        return set(Election.objects.for_unit(unit).values_list("slug", flat=True)) - self.reference

    def test_a_semarang_unit_does_not_see_a_kudus_revote(self):
        self.assertEqual(self.visible(self.upt_a), {"pemilu-2029", "pilgub-jateng"})
        last, nxt = nearest_elections(date(2026, 12, 1), self.upt_a)
        self.assertEqual(nxt, self.jateng)

    def test_the_unit_in_kudus_and_its_kanwil_see_it(self):
        self.assertIn("psu-kudus", self.visible(self.upt_kudus))
        self.assertIn("psu-kudus", self.visible(self.kanwil))
        self.assertNotIn("pilkada-aceh", self.visible(self.kanwil))

    def test_a_unit_without_region_takes_its_parents_and_a_ministry_sees_all(self):
        self.assertEqual(self.visible(self.upt_b), {"pemilu-2029", "pilgub-jateng"})  # inherits Kota Semarang
        self.assertEqual(self.visible(self.ministry), {"pemilu-2029", "psu-kudus", "pilgub-jateng", "pilkada-aceh"})
        self.assertEqual(self.visible(self.upt_c), {"pemilu-2029", "pilkada-aceh"})

    def test_the_home_card_names_the_units_next_election(self):
        self.login(self.operator)
        r = self.client.get("/")
        self.assertNotContains(r, "psu-kudus")
