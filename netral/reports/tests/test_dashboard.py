from django.test import override_settings

from netral.reports.tests.fixture import ReportFixture

URL = "/laporan/"
PERIOD = {"election": "pilkada-uji", "date_from": "2024-09-25", "date_to": "2024-11-27"}


class DashboardTestCase(ReportFixture):
    def get(self, user, **params):
        self.login(user)
        return self.client.get(URL, {**PERIOD, **params})

    def test_it_requires_login(self):
        r = self.client.get(URL)
        self.assertEqual(r.status_code, 302)
        self.assertIn("/masuk/", r["Location"])

    def test_it_shows_the_hand_counted_figures_to_pengawas(self):
        r = self.get(self.pengawas)
        self.assertEqual(r.status_code, 200)
        fig = r.context["fig"]
        self.assertEqual((fig["staff"]["total"], fig["findings"]["total"], fig["findings"]["confirmed"]), (7, 4, 2))
        self.assertContains(r, 'id="dashboard-data"')
        charts = {c["id"]: c for c in r.context["charts"]["charts"]}
        self.assertEqual(charts["chart-platform"]["datasets"][0]["data"], [2, 1, 1])
        # Every number links to its list, with the period applied.
        self.assertContains(r, "/pemantauan/?status=all&amp;date_from=2024-09-25&amp;date_to=2024-11-27&amp;label=hate")
        self.assertContains(r, f"/pegawai/?unit={self.upt_a.pk}&amp;accounts=tidak")
        self.assertContains(r, "/kasus/?state=sanctioned")
        self.assertEqual(fig["cases"]["median_days"], 15.0)
        self.assertNotContains(r, "<script>")  # charts read json_script; no inline code

    def test_it_filters_by_a_unit_in_scope(self):
        r = self.get(self.pimpinan, unit=self.upt_b.pk)
        self.assertEqual(r.context["fig"]["staff"]["total"], 2)
        self.assertContains(r, f"unit={self.upt_b.pk}")

    def test_it_refuses_a_unit_outside_the_scope(self):
        r = self.get(self.outsider, unit=self.upt_a.pk)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["fig"]["staff"]["total"], 2)  # still only upt_b
        self.assertTrue(r.context["form"].errors["unit"])
        r = self.get(self.other_admin, unit=self.kanwil.pk)
        self.assertEqual(r.context["fig"]["staff"]["total"], 3)

    def test_it_shows_operators_their_gaps_only(self):
        r = self.get(self.operator)
        self.assertTemplateUsed(r, "reports/dashboard_operator.html")
        fig = r.context["fig"]
        self.assertEqual((fig["total"]["no_account"], fig["total"]["pending"], fig["total"]["not_reached"]), (3, 2, 2))
        self.assertNotContains(r, self.emp["B1"].name)
        self.assertNotContains(r, "Rutan Uji B")

    def test_it_shows_pegawai_their_own_status(self):
        self.emp["A1"].user = self.pegawai
        self.emp["A1"].save()
        r = self.get(self.pegawai)
        self.assertTemplateUsed(r, "reports/dashboard_pegawai.html")
        self.assertContains(r, "a1.fb")
        self.assertNotContains(r, "b1tt")

    def test_it_explains_a_reversed_period(self):
        r = self.get(self.pengawas, date_from="2024-11-27", date_to="2024-09-25")
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "Tanggal akhir tidak boleh sebelum tanggal awal.")

    def test_it_accepts_29_february_and_rejects_a_bad_date(self):
        r = self.get(self.pengawas, date_from="2024-02-29", date_to="2024-02-29")
        self.assertEqual(r.context["fig"]["params"]["date_from"], "2024-02-29")
        r = self.get(self.pengawas, date_from="2023-02-29")
        self.assertEqual(r.status_code, 200)
        self.assertTrue(r.context["form"].errors["date_from"])

    @override_settings(LANGUAGE_CODE="id")
    def test_it_puts_the_attention_card_on_the_home_page(self):
        self.login(self.pengawas)
        r = self.client.get("/")
        self.assertContains(r, "Perlu perhatian hari ini")
        self.login(self.operator)
        r = self.client.get("/")
        self.assertContains(r, "Kekurangan unit Anda")

    def test_it_lists_one_level_of_units_and_the_picked_line(self):
        from netral.test import make_unit

        deep = make_unit("UPT-A-1", "other", self.upt_a, name="Seksi Uji A1")
        r = self.get(self.pimpinan)
        options = [str(label) for _value, label in r.context["form"].fields["unit"].widget.choices]
        self.assertTrue(any("Lapas Uji A" in o for o in options))
        self.assertFalse(any("Seksi Uji A1" in o for o in options))  # two levels down: drill down to it
        r = self.get(self.pimpinan, unit=self.upt_a.pk)
        options = [str(label) for _value, label in r.context["form"].fields["unit"].widget.choices]
        self.assertTrue(any("Seksi Uji A1" in o for o in options))
        r = self.get(self.pimpinan, unit=deep.pk)
        self.assertEqual(r.context["fig"]["staff"]["total"], 0)
        self.assertFalse(r.context["form"].errors)

    def test_it_shows_nothing_to_a_staff_account_without_unit(self):
        from netral.test import make_user

        lost = make_user("tanpa-unit", "pengawas", None)
        r = self.get(lost)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.context["fig"]["staff"]["total"], 0)
        self.login(lost)
        r = self.client.post("/laporan/monev/baru/", {"title": "x", "phase": "", "report_date": "2024-11-28"})
        self.assertContains(r, "Akun Anda belum memiliki unit kerja")
