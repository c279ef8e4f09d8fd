from datetime import date

from netral.reports import figures
from netral.reports.tests.fixture import ReportFixture


def by_key(rows, key="key"):
    return {r[key]: r for r in rows}


class FiguresTestCase(ReportFixture):
    def test_it_counts_the_kanwil_by_hand(self):
        f = figures.compute(self.params([self.kanwil.path]))
        t = f["total"]
        # K1, A1–A4, B1, B2 (A5 inactive, upt_c in another Kanwil)
        self.assertEqual(f["staff"]["total"], 7)
        self.assertEqual(t["reached"], 3)  # A1, A2, B1 (A4's event is after the period)
        self.assertEqual(t["ikrar"], 1)  # A1
        self.assertEqual(t["signed"], 2)  # A1, B1; A2 signed after the period
        self.assertEqual(t["pending"], 2)  # A2, A3
        self.assertEqual(f["pembinaan"]["signed_pct"], 28.6)  # 2 / 7
        self.assertEqual(f["pembinaan"]["reached_pct"], 42.9)  # 3 / 7
        self.assertEqual(f["monitoring"]["monitored"], 2)  # A1, B1 (A2's account was removed)
        self.assertEqual(f["monitoring"]["accounts"], 3)
        self.assertEqual(f["monitoring"]["without_account"], 5)
        self.assertEqual(by_key(f["monitoring"]["accounts_by_platform"])["x"]["n"], 1)
        # f1 f2 f3 (upt_a) f5 (upt_b) + one plain item at upt_a; f4 and one item are before the period
        self.assertEqual(f["monitoring"]["content"], 5)

        fd = f["findings"]
        self.assertEqual(fd["total"], 4)  # f1 f2 f3 f5
        self.assertEqual(fd["confirmed"], 2)
        self.assertEqual({r["key"]: r["n"] for r in fd["by_label"]}, {"partisan": 2, "hate": 1, "hoax": 1})
        self.assertEqual({r["key"]: r["n"] for r in fd["by_status"]},
                         {"new": 1, "confirmed": 2, "dismissed": 1, "duplicate": 0})
        self.assertEqual({r["key"]: r["n"] for r in fd["by_platform"]}, {"x": 2, "facebook": 1, "tiktok": 1})
        self.assertEqual(fd["granularity"], "week")
        self.assertEqual([(r["start"], r["n"]) for r in fd["series"] if r["n"]],
                         [("2024-09-30", 1), ("2024-10-14", 1), ("2024-10-21", 1), ("2024-10-28", 1)])
        # every week of the period, from the Monday before 25 Sep to the week of 27 Nov
        self.assertEqual((len(fd["series"]), fd["series"][0]["start"], fd["series"][-1]["start"]),
                         (10, "2024-09-23", "2024-11-25"))
        self.assertEqual(sum(r["confirmed"] for r in fd["series"]), 2)
        skb = by_key(fd["by_skb"])
        self.assertEqual((skb["socmed_campaign"]["n"], skb["socmed_campaign"]["pct"]), (1, 50.0))
        self.assertEqual(skb["socmed_campaign"]["pilkada2020"], 30.4)
        self.assertEqual(skb["post_comment_share_like"]["pemilu2024"], 15.8)
        self.assertEqual(skb["attend_campaign"]["n"], 0)
        self.assertNotIn("banner", skb)  # f4 is outside the period
        self.assertEqual(fd["repeat_count"], 1)
        self.assertEqual([(r["name"], r["n"]) for r in fd["repeat_offenders"]], [(self.emp["A1"].name, 2)])

        units = by_key(f["units"], "unit_id")
        self.assertEqual(units[self.upt_a.pk]["per_100"], 50.0)  # 2 confirmed / 4 staff
        self.assertEqual(t["per_100"], 28.57)
        self.assertEqual([r["unit_id"] for r in f["per_100"]], [self.upt_a.pk])

    def test_it_counts_every_repeat_offender_but_lists_the_first_fifty(self):
        from netral.monitoring.models import ContentItem, Finding, ScanResult
        from netral.people.models import Employee
        from netral.reports.tests.fixture import at

        staff = Employee.objects.bulk_create([Employee(unit=self.upt_a, employment_type="ppnpn", name=f"Ulang {i:02d}",
                                                       internal_id=f"U{i}") for i in range(52)])
        for i, emp in enumerate(staff):
            for k in range(2 + (i == 7)):  # the eighth has three: first in the list
                c = ContentItem.objects.create(platform="x", external_id=f"r{i}-{k}", unit=self.upt_a, handle="r",
                                               employee=emp, text="t", posted_at=at(2024, 10, 5))
                s = ScanResult.objects.create(content=c, detector_version="uji", text_sha256="0" * 64)
                Finding.objects.create(content=c, scan=s, unit=self.upt_a, employee=emp, platform="x",
                                       interaction="post", posted_at=at(2024, 10, 5), status="confirmed")
        fd = figures.compute(self.params([self.kanwil.path]))["findings"]
        self.assertEqual(fd["repeat_count"], 53)  # the 52 and A1
        self.assertEqual(len(fd["repeat_offenders"]), 50)
        self.assertEqual((fd["repeat_offenders"][0]["name"], fd["repeat_offenders"][0]["n"]), ("Ulang 07", 3))
        small = figures.compute(self.params([self.upt_c.path]))["findings"]
        self.assertEqual((small["repeat_count"], small["repeat_offenders"]), (0, []))

    def test_it_counts_risk_points_and_mitigations(self):
        f = figures.compute(self.params([self.kanwil.path], today=date(2024, 11, 20)))
        risk = f["risk"]
        self.assertEqual((risk["phase"], risk["stage"]["name"], risk["stage"]["day"]), ("campaign", "Kampanye", 57))
        self.assertEqual(risk["open"], 2)  # kanwil's (one mitigation open) and upt_a's (none yet)
        self.assertEqual(risk["mitigations"], {"open": 1, "in_progress": 0, "done": 1, "overdue": 1})
        self.assertEqual({r["key"]: r["n"] for r in risk["by_level"]}["high"], 1)

    def test_it_shows_only_the_current_stage_risk_points_on_voting_day(self):
        f = figures.compute(self.params([self.kanwil.path]))
        self.assertEqual((f["risk"]["phase"], f["risk"]["open"]), ("voting", 0))

    def test_it_uses_the_report_phase_for_risk_points(self):
        f = figures.compute(self.params([self.kanwil.path], phase="pra"))
        self.assertEqual(f["risk"]["points"], [])
        f = figures.compute(self.params([self.kanwil.path], phase="kampanye"))
        self.assertEqual(len(f["risk"]["points"]), 2)

    def test_it_never_counts_another_upt_for_an_operator(self):
        f = figures.compute(self.params([self.upt_a.path]))
        self.assertEqual([u["unit_id"] for u in f["units"]], [self.upt_a.pk])
        self.assertEqual(f["staff"]["total"], 4)
        self.assertEqual((f["total"]["reached"], f["total"]["signed"], f["total"]["pending"]), (2, 1, 2))
        self.assertEqual(f["findings"]["total"], 3)
        self.assertEqual(f["monitoring"]["content"], 4)
        self.assertEqual(figures.compute(self.params([self.upt_a.path], today=date(2024, 11, 20)))["risk"]["open"], 1)
        b = figures.compute(self.params([self.upt_b.path]))
        self.assertEqual((b["staff"]["total"], b["findings"]["total"], b["findings"]["confirmed"]), (2, 1, 0))

    def test_it_keeps_other_kanwil_apart(self):
        f = figures.compute(self.params([self.other_kanwil.path], today=date(2024, 11, 20)))
        self.assertEqual(f["staff"]["total"], 3)
        self.assertEqual((f["total"]["reached"], f["total"]["signed"]), (1, 1))
        self.assertEqual(f["findings"]["total"], 1)
        self.assertEqual(f["risk"]["mitigations"]["overdue"], 1)
        self.assertNotIn(self.emp["A1"].name, str(f))

    def test_it_handles_an_empty_scope_and_no_election(self):
        f = figures.compute(figures.Params(paths=[], date_from=date(2024, 2, 29), date_to=date(2024, 2, 29)))
        self.assertEqual(f["staff"]["total"], 0)
        self.assertEqual(f["pembinaan"]["signed_pct"], 0.0)
        self.assertEqual(f["risk"]["points"], [])
        self.assertEqual(f["findings"]["granularity"], "week")

    def test_it_uses_monthly_buckets_over_long_periods(self):
        f = figures.compute(self.params([self.kanwil.path], date_from=date(2024, 5, 1)))
        self.assertEqual(f["findings"]["granularity"], "month")
        self.assertEqual([(r["start"], r["n"]) for r in f["findings"]["series"]],
                         [("2024-05-01", 0), ("2024-06-01", 0), ("2024-07-01", 0), ("2024-08-01", 1),
                          ("2024-09-01", 0), ("2024-10-01", 3), ("2024-11-01", 1)])

    def test_it_lists_attention_items(self):
        f = figures.compute(self.params([self.kanwil.path], today=date(2024, 11, 20)))
        keys = {i["key"]: i["n"] for i in f["attention"]}
        self.assertEqual(keys["triage"], 1)
        self.assertEqual(keys["mitigation_overdue"], 1)
        self.assertEqual(keys["pacts_pending"], 2)

    def test_it_derives_default_periods_from_the_phase(self):
        self.assertEqual(figures.default_period(self.election, date(2025, 1, 1), "kampanye"),
                         (date(2024, 9, 25), date(2024, 11, 27)))
        self.assertEqual(figures.default_period(self.election, date(2024, 10, 1)),
                         (date(2024, 5, 1), date(2024, 10, 1)))

    def test_it_counts_cases_by_hand(self):
        c = figures.compute(self.params([self.kanwil.path]))["cases"]
        self.assertTrue(c["available"])
        self.assertEqual(c["total"], 3)  # K-1 K-2 K-3 (K-5 opened before the period, K-4 elsewhere)
        states = {r["key"]: r["n"] for r in c["by_state"]}
        self.assertEqual((states["sanctioned"], states["not_proven"], states["verification"], states["closed"]),
                         (1, 1, 1, 0))
        self.assertEqual((c["decided"], c["within_deadline"], c["within_deadline_pct"]), (2, 1, 50.0))
        # K-1: first finding 1 Oct -> decision 12 Oct = 11 days; K-2: opened 22 Oct -> 10 Nov = 19 days
        self.assertEqual(c["median_days"], 15.0)
        self.assertEqual(c["overdue"], 1)  # K-3's verification was due 9 Nov
        self.assertEqual([(r["key"], r["n"]) for r in c["by_tier"]], [("berat", 1)])
        self.assertEqual(c["sanctioned_staff"], 1)

    def test_it_scopes_case_figures(self):
        a = figures.compute(self.params([self.upt_a.path]))["cases"]
        self.assertEqual((a["total"], a["decided"], a["overdue"]), (2, 2, 0))
        b = figures.compute(self.params([self.upt_b.path]))["cases"]
        self.assertEqual((b["total"], b["decided"], b["overdue"], b["median_days"]), (1, 0, 1, None))
        o = figures.compute(self.params([self.other_kanwil.path]))["cases"]
        self.assertEqual((o["total"], o["within_deadline_pct"], o["median_days"], o["by_tier"]), (1, 100.0, 2.0, []))
