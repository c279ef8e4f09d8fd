"""The precomputed figure cells (reports/summary.py) against the direct computation."""

from datetime import date

from django.core.management import call_command
from django.test import override_settings

from netral.core import audit, scheduler
from netral.elections.models import Election
from netral.monitoring.models import ContentItem
from netral.people.models import Employee, SocialAccount
from netral.pledges.models import Attendance, Event, IntegrityPact
from netral.reports import figures, summary
from netral.reports.models import FigureCell, FigureSummary
from netral.reports.tests.fixture import ReportFixture, at


def same(a, b):
    """Two figure dicts equal but for the moment they were computed (else the first difference)."""
    a, b = dict(a), dict(b)
    a.pop("computed_at"), b.pop("computed_at")
    if a == b:
        return True
    key = next(k for k in a if a[k] != b.get(k))
    raise AssertionError(f"{key}: {a[key]!r} != {b.get(key)!r}")


class SummaryStalenessTestCase(ReportFixture):
    """Failure paths first: whenever the cells may not describe the data, they are not used."""

    def test_it_has_nothing_fresh_before_the_first_build(self):
        self.assertIsNone(summary.fresh())
        FigureSummary.objects.create(pk=1, complete=False)
        self.assertIsNone(summary.fresh())

    def test_an_audited_change_makes_the_cells_stale_and_the_figures_stay_right(self):
        summary.rebuild()
        self.assertIsNotNone(summary.fresh())
        a4 = self.emp["A4"]
        a4.is_active = False
        a4.save()  # audited
        self.assertIsNone(summary.fresh())
        p = self.params([self.kanwil.path])
        f = figures.compute(p)
        self.assertEqual(f["staff"]["total"], 6)
        self.assertTrue(same(f, figures.compute(p, summary=False)))

    def test_rows_inserted_with_auditing_off_make_the_cells_stale(self):
        summary.rebuild()
        with audit.disabled():
            ContentItem.objects.create(platform="x", external_id="late", unit=self.upt_a, handle="h", text="t",
                                       posted_at=at(2024, 10, 3))
        self.assertIsNone(summary.fresh())
        f = figures.compute(self.params([self.upt_a.path]))
        self.assertEqual(f["monitoring"]["content"], 5)  # 4 of the fixture + the new one

    def test_a_new_election_makes_the_cells_stale(self):
        summary.rebuild()
        with audit.disabled():
            Election.objects.create(slug="psu-uji", kind="pilkada", name="PSU Uji", voting_day=date(2025, 5, 1))
        self.assertIsNone(summary.fresh())

    def test_another_time_zone_or_version_makes_the_cells_stale(self):
        summary.rebuild()
        with override_settings(TIME_ZONE="Asia/Makassar"):
            self.assertIsNone(summary.fresh())
        FigureSummary.objects.filter(pk=1).update(version=summary.VERSION - 1)
        self.assertIsNone(summary.fresh())

    def test_entries_about_source_models_make_the_cells_stale_others_do_not(self):
        summary.rebuild()
        audit.record("event", model="monitoring.finding", object_pk="1", note="telaah")
        audit.record("event", model="cases.case", object_pk="1", note="putusan")
        self.assertIsNotNone(summary.fresh())
        for model in ("monitoring.contentdigest", "monitoring.contentimport", "people.rosterimport",
                      "pledges.event", "core.orgunit"):
            summary.rebuild()
            audit.record("event", model=model, object_pk="1", note="uji")
            with self.subTest(model=model):
                self.assertIsNone(summary.fresh())

    def test_changes_to_findings_or_cases_leave_the_cells_fresh(self):
        # Findings and cases are always read from their tables, so triage does not invalidate.
        summary.rebuild()
        self.f3.status = "dismissed"
        self.f3.save()
        self.assertIsNotNone(summary.fresh())
        f = figures.compute(self.params([self.kanwil.path]))
        self.assertEqual({r["key"]: r["n"] for r in f["findings"]["by_status"]}["dismissed"], 2)


class SummaryEqualsDirectTestCase(ReportFixture):
    def setUp(self):
        self.state = summary.rebuild()

    def test_it_counts_the_kanwil_by_hand_from_the_cells(self):
        self.assertIsNotNone(summary.fresh())
        f = figures.compute(self.params([self.kanwil.path]))
        t = f["total"]
        self.assertEqual(f["staff"]["total"], 7)
        self.assertEqual((t["reached"], t["ikrar"], t["signed"], t["pending"]), (3, 1, 2, 2))
        self.assertEqual((f["monitoring"]["monitored"], f["monitoring"]["accounts"]), (2, 3))
        self.assertEqual(f["monitoring"]["content"], 5)
        self.assertEqual([(e["title"], e["attended"]) for e in f["pembinaan"]["events"]], [])  # both before 25 Sep

    def test_the_cells_are_what_the_figures_read(self):
        # Proof that a fresh summary is used: a changed cell changes the figure.
        FigureCell.objects.filter(unit=self.upt_a, key="staff:pns").update(n=40)
        f = figures.compute(self.params([self.upt_a.path]))
        self.assertEqual(f["staff"]["total"], 40)
        self.assertEqual(figures.compute(self.params([self.upt_a.path]), summary=False)["staff"]["total"], 4)

    def test_an_operator_never_counts_another_upt(self):
        f = figures.compute(self.params([self.upt_a.path]))
        self.assertEqual([u["unit_id"] for u in f["units"]], [self.upt_a.pk])
        self.assertEqual(f["staff"]["total"], 4)
        self.assertEqual((f["total"]["reached"], f["total"]["signed"], f["total"]["pending"]), (2, 1, 2))
        self.assertEqual((f["monitoring"]["monitored"], f["monitoring"]["accounts"], f["monitoring"]["content"]),
                         (1, 2, 4))
        self.assertEqual({r["key"]: r["n"] for r in f["monitoring"]["accounts_by_platform"]}, {"x": 1, "facebook": 1})

    def test_every_scope_period_and_election_equals_the_direct_computation(self):
        e = self.election
        scopes = [[self.ministry.path], [self.kanwil.path], [self.upt_a.path], [self.upt_b.path],
                  [self.other_kanwil.path], [self.upt_a.path, self.upt_c.path]]
        periods = [dict(), dict(date_from=date(2024, 9, 1), date_to=date(2024, 9, 5)),
                   dict(date_from=date(2024, 9, 6), date_to=date(2024, 9, 6)),
                   dict(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)),
                   dict(date_from=date(2024, 12, 1), date_to=date(2025, 1, 31)),
                   dict(election=None), dict(phase="pra", election=e)]
        for paths in scopes:
            for kw in periods:
                p = self.params(paths, **kw)
                with self.subTest(paths=paths, **{k: str(v) for k, v in kw.items()}):
                    self.assertTrue(same(figures.compute(p), figures.compute(p, summary=False)))

    def test_events_tied_to_no_election_count_for_every_election(self):
        with audit.disabled():
            other = Election.objects.create(slug="psu-uji", kind="pilkada", name="PSU Uji",
                                            voting_day=date(2024, 12, 15))
            untied = Event.objects.create(kind="sosialisasi", unit=self.upt_b, title="Sosialisasi umum",
                                          starts_at=at(2024, 10, 5), place="Aula")
            own = Event.objects.create(kind="ikrar", unit=self.upt_b, election=other, title="Ikrar PSU",
                                       starts_at=at(2024, 10, 6), place="Aula")
            for k in ("B2", "A3"):
                Attendance.objects.create(event=untied, employee=self.emp[k], method="import")
            Attendance.objects.create(event=own, employee=self.emp["B2"], method="import")
            IntegrityPact.objects.create(template=self.template, election=other, employee=self.emp["B2"],
                                         status="signed", text="t", text_sha256="0" * 64, signed_at=at(2024, 10, 7))
        self.assertIsNone(summary.fresh())
        summary.rebuild()
        self.assertIsNotNone(summary.fresh())
        for election in (self.election, other, None):
            p = self.params([self.ministry.path], election=election)
            f = figures.compute(p)
            self.assertTrue(same(f, figures.compute(p, summary=False)))
        f = figures.compute(self.params([self.kanwil.path], election=other))
        self.assertEqual((f["total"]["reached"], f["total"]["ikrar"], f["total"]["signed"]), (2, 1, 1))
        self.assertEqual([(e["title"], e["attended"]) for e in f["pembinaan"]["events"]],
                         [("Sosialisasi umum", 2), ("Ikrar PSU", 1)])

    def test_a_signed_pact_without_a_signing_time_stays_pending(self):
        with audit.disabled():
            IntegrityPact.objects.filter(employee=self.emp["A1"]).update(signed_at=None)
        summary.rebuild()
        p = self.params([self.upt_a.path])
        f = figures.compute(p)
        self.assertEqual((f["total"]["signed"], f["total"]["pending"]), (0, 3))
        self.assertTrue(same(f, figures.compute(p, summary=False)))

    def test_a_removed_account_and_a_moved_employee_after_a_refresh(self):
        acc = SocialAccount.objects.get(handle="a1_x")
        acc.removed_at = at(2024, 11, 1)
        acc.save()
        b2 = self.emp["B2"]
        b2.unit = self.upt_a
        b2.save()
        self.assertIsNone(summary.fresh())
        done, state = summary.refresh()
        self.assertEqual(done, "rebuild")
        self.assertEqual(summary.refresh()[0], "")
        for paths in ([self.upt_a.path], [self.upt_b.path], [self.kanwil.path]):
            p = self.params(paths)
            self.assertTrue(same(figures.compute(p), figures.compute(p, summary=False)))
        self.assertEqual(figures.compute(self.params([self.upt_b.path]))["staff"]["total"], 1)

    def test_a_rebuild_replaces_every_cell(self):
        n = FigureCell.objects.count()
        self.assertEqual(self.state.cells, n)
        summary.rebuild()
        self.assertEqual(FigureCell.objects.count(), n)
        self.assertEqual(Employee.objects.filter(is_active=True).count(),
                         sum(FigureCell.objects.filter(key__startswith="staff:").values_list("n", flat=True)))


class RefreshJobTestCase(ReportFixture):
    def test_the_scheduler_refreshes_the_cells(self):
        from netral.reports.tasks import refresh_figures

        self.assertIn("refresh_figures", scheduler.jobs())
        self.assertEqual(refresh_figures.call()["done"], "rebuild")
        self.assertEqual(refresh_figures.call()["done"], "")
        self.assertIsNotNone(summary.fresh())

    def test_the_command_refreshes_the_cells(self):
        from io import StringIO

        out = StringIO()
        call_command("refresh_figures", stdout=out)
        self.assertIn("Dibangun ulang", out.getvalue())
        out = StringIO()
        call_command("refresh_figures", stdout=out)
        self.assertIn("Masih mutakhir", out.getvalue())


def test_content_ranges_cover_each_day_of_a_period_once():
    from datetime import timedelta

    start = date(2023, 12, 20)
    for length in range(0, 120, 3):
        for shift in range(0, 70, 4):
            lo, hi = start + timedelta(days=shift), start + timedelta(days=shift + length)
            covered = []
            for key, a, b in summary.content_ranges(lo, hi):
                d = a
                while d <= b:
                    if key == "content":
                        covered.append(d)
                        d += timedelta(days=1)
                    else:  # a month cell stands for every day of its month
                        assert d.day == 1
                        nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
                        covered += [d + timedelta(days=i) for i in range((nxt - d).days)]
                        d = nxt
            assert sorted(covered) == [lo + timedelta(days=i) for i in range(length + 1)]


class IncrementalRefreshTestCase(ReportFixture):
    """New content items alone are added to the content cells; anything else rebuilds them all."""

    def setUp(self):
        summary.rebuild()

    def assert_same_everywhere(self):
        self.assertIsNotNone(summary.fresh())
        for paths in ([self.ministry.path], [self.kanwil.path], [self.upt_a.path], [self.upt_c.path]):
            for kw in (dict(), dict(date_from=date(2024, 10, 1), date_to=date(2024, 10, 31)),
                       dict(date_from=date(2025, 1, 1), date_to=date(2025, 3, 31))):
                p = self.params(paths, **kw)
                with self.subTest(paths=paths, **{k: str(v) for k, v in kw.items()}):
                    self.assertTrue(same(figures.compute(p), figures.compute(p, summary=False)))

    def item(self, unit, posted, n):
        return ContentItem.objects.create(platform="x", external_id=f"inc{n}", unit=unit, handle="h", text="t",
                                          posted_at=posted)

    def test_new_items_are_added_to_existing_and_new_cells(self):
        self.item(self.upt_a, at(2024, 10, 1), 1)  # a day that has a cell
        self.item(self.upt_c, at(2025, 2, 14), 2)  # a day and a month without one
        self.item(self.upt_b, None, 3)  # no posting time: counted by capture day
        self.assertIsNone(summary.fresh())
        self.assertEqual(summary.refresh()[0], "content")
        self.assert_same_everywhere()
        self.assertEqual(summary.refresh()[0], "")

    def test_items_anchored_in_a_chunk_are_added(self):
        from netral.monitoring.anchoring import anchor

        with audit.disabled():
            ids = [self.item(self.upt_a, at(2024, 11, 3), n).pk for n in range(3)]
        anchor(ids, unit_path=self.upt_a.path, actor="sistem")
        self.assertEqual(summary.refresh()[0], "content")
        self.assert_same_everywhere()

    def test_anything_else_that_changed_rebuilds_every_cell(self):
        from netral.monitoring.anchoring import anchor

        self.item(self.upt_a, at(2024, 10, 2), 1)
        acc = SocialAccount.objects.get(handle="b1tt")
        acc.removed_at = at(2024, 11, 1)
        acc.save()  # people.socialaccount (attribution of content is audited the same way)
        self.assertEqual(summary.refresh()[0], "rebuild")
        self.assert_same_everywhere()
        # An anchor naming items at or below the build's highest id (committed late, or old ones).
        old = ContentItem.objects.order_by("pk").first()
        self.item(self.upt_a, at(2024, 10, 2), 2)
        anchor([old.pk], unit_path=self.upt_a.path, actor="sistem")
        self.assertEqual(summary.refresh()[0], "rebuild")
        self.assert_same_everywhere()
        # Another source table grew (inserted with auditing off).
        self.item(self.upt_a, at(2024, 10, 2), 3)
        with audit.disabled():
            Employee.objects.create(unit=self.upt_a, employment_type="ppnpn", internal_id="X1", name="Baru")
        self.assertEqual(summary.refresh()[0], "rebuild")
        self.assert_same_everywhere()
