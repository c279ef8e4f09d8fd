from netral.api.tests.base import ApiTestCase, make_case, make_finding


class ReadTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.f_new = make_finding(cls.upt_a, "a")
        cls.f_done = make_finding(cls.upt_b, "b", status="dismissed")
        cls.f_other = make_finding(cls.upt_c, "c")
        cls.case = make_case(cls.admin, cls.upt_a, "Kasus A")
        cls.other_case = make_case(cls.other_admin, cls.upt_c, "Kasus C")

    def ids(self, r):
        self.assertEqual(r.status_code, 200, r.content)
        return {i["id"] for i in r.json()["items"]}

    def test_it_lists_findings_in_scope_only(self):
        self.assertEqual(self.ids(self.call("get", "/api/findings")), {self.f_new.pk, self.f_done.pk})
        self.assertEqual(self.ids(self.call("get", "/api/findings", raw=self.other_raw)), {self.f_other.pk})

    def test_it_filters_and_paginates_findings(self):
        self.assertEqual(self.ids(self.call("get", "/api/findings", status="new")), {self.f_new.pk})
        self.assertEqual(self.ids(self.call("get", "/api/findings", unit="UPT-B")), {self.f_done.pk})
        # a unit of another Kanwil is not a filter that reveals anything
        self.assertEqual(self.ids(self.call("get", "/api/findings", unit="UPT-C")), set())
        self.assertEqual(self.ids(self.call("get", "/api/findings", label="hoax")), set())
        self.assertEqual(self.ids(self.call("get", "/api/findings", since="2999-01-01")), set())
        page = self.call("get", "/api/findings", limit=1, offset=1).json()
        self.assertEqual((page["count"], page["limit"], page["offset"], len(page["items"])), (2, 1, 1, 1))

    def test_it_refuses_bad_filters_in_indonesian(self):
        msg = self.assertProblem(self.call("get", "/api/findings", limit="banyak"), 422, "validation")
        self.assertIn("tidak sah", msg)
        self.assertProblem(self.call("get", "/api/cases", since="2026-02-30"), 422, "validation")
        self.assertProblem(self.call("get", "/api/cases", limit=100000), 422, "validation")

    def test_it_lists_cases_in_scope_with_filters(self):
        self.assertEqual(self.ids(self.call("get", "/api/cases")), {self.case.pk})
        self.assertEqual(self.ids(self.call("get", "/api/cases", state=self.case.state)), {self.case.pk})
        self.assertEqual(self.ids(self.call("get", "/api/cases", state="closed")), set())
        self.assertEqual(self.ids(self.call("get", "/api/cases", raw=self.other_raw)), {self.other_case.pk})

    def test_it_shows_a_case_and_hides_other_kanwils(self):
        r = self.call("get", f"/api/cases/{self.case.pk}")
        self.assertEqual(r.json()["number"], self.case.number)
        self.assertProblem(self.call("get", f"/api/cases/{self.other_case.pk}"), 404, "not_found")
        self.assertProblem(self.call("get", "/api/cases/999999999"), 404, "not_found")


class ControlCharacterTests(ApiTestCase):
    def test_a_nul_byte_in_a_filter_is_a_422_not_a_500(self):
        for url, field in (("/api/findings", "status"), ("/api/findings", "unit"), ("/api/cases", "state"),
                           ("/api/cases", "unit")):
            r = self.call("get", url, **{field: "KW\x00"})
            self.assertEqual(r.status_code, 422, (url, field, r.content))
            self.assertIn("message", r.json())
