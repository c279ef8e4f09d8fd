"""The one pagination helper counts at most LIST_COUNT_CAP rows (core/pagination.py)."""

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from netral.core.pagination import CappedPaginator
from netral.people.models import Employee
from netral.test import BaseTestCase


@override_settings(LIST_COUNT_CAP=60)
class CappedPaginationTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Employee.objects.bulk_create([Employee(unit=cls.upt_a, employment_type="ppnpn", name=f"Pegawai {i:03d}",
                                               internal_id=f"PG{i}") for i in range(120)])

    def setUp(self):
        self.login(self.operator)

    def test_it_gives_the_first_page_for_a_page_number_that_is_not_one(self):
        for bad in ("abc", "-5", "0", "1e9", ""):
            r = self.client.get("/pegawai/", {"page": bad})
            self.assertEqual(r.status_code, 200, bad)
            self.assertEqual(r.context["page"].number, 1, bad)

    def test_it_gives_the_last_page_for_a_number_past_the_end(self):
        r = self.client.get("/pegawai/", {"page": "999999"})
        self.assertEqual(r.status_code, 200)
        page = r.context["page"]
        self.assertEqual(page.number, 3)
        self.assertEqual((page.start_index(), page.end_index()), (101, 120))

    def test_a_page_number_too_large_for_the_database_gives_the_last_page_not_a_500(self):
        # The number became the LIMIT of the count: past 2**63 SQLite answered "datatype mismatch" and PostgreSQL
        # "bigint out of range", on every list page.
        for huge in ("9" * 23, str(2 ** 63), str(2 ** 62)):
            r = self.client.get("/pegawai/", {"page": huge})
            self.assertEqual(r.status_code, 200, huge)
            self.assertEqual(r.context["page"].number, 3, huge)

    def test_it_counts_no_further_than_the_cap(self):
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get("/pegawai/")
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"].upper() and "people_employee" in q["sql"]]
        self.assertEqual(len(counts), 1, counts)
        self.assertIn("LIMIT 61", counts[0])
        page = r.context["page"]
        self.assertTrue(page.paginator.capped)
        self.assertTrue(page.has_next())
        self.assertContains(r, "dari lebih dari 60")
        self.assertContains(r, "page=2")

    def test_it_reaches_the_pages_past_the_cap_one_by_one(self):
        r = self.client.get("/pegawai/", {"page": "2"})
        self.assertTrue(r.context["page"].paginator.capped)  # 101 rows counted for page 2: one more page exists
        self.assertContains(r, "page=3")
        r = self.client.get("/pegawai/", {"page": "3"})
        page = r.context["page"]
        self.assertFalse(page.paginator.capped)  # 150 counted: all 120 are known
        self.assertFalse(page.has_next())
        self.assertContains(r, "101–120 dari 120")
        self.assertEqual(page.object_list[0].name, "Pegawai 100")

    def test_it_counts_exactly_below_the_cap(self):
        p = CappedPaginator(Employee.objects.filter(name__lt="Pegawai 010").order_by("name"), 5, cap=60)
        self.assertEqual(p.count, 10)
        self.assertFalse(p.capped)
        self.assertEqual(p.num_pages, 2)

    def test_it_counts_a_list_by_its_length(self):
        p = CappedPaginator(list(range(7)), 5, cap=3)
        self.assertEqual(p.count, 7)
        self.assertEqual(p.num_pages, 2)


class EveryListUsesTheHelperTestCase(BaseTestCase):
    """The pledges and elections lists had a paginator of their own: uncapped counts and none of the helper's
    bounds. Every paginated list now goes through core.pagination."""

    def test_no_view_module_builds_its_own_paginator(self):
        import pathlib

        root = pathlib.Path(__file__).resolve().parents[2]
        offenders = [str(p.relative_to(root)) for p in root.glob("*/views.py") if "Paginator(" in p.read_text()]
        self.assertEqual(offenders, [])

    def test_the_pledges_and_elections_lists_take_any_page_number(self):
        self.login(self.admin)
        for url in ("/pembinaan/kegiatan/", "/pemilu/titik-rawan/"):
            for number in ("9" * 23, "abc", "0"):
                r = self.client.get(url, {"page": number})
                self.assertEqual(r.status_code, 200, (url, number))
