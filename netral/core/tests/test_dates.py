"""Month names: the reader's language on pages, Indonesian on documents the office signs (core.dates)."""

import re
from datetime import date

from django.urls import reverse
from django.utils import translation

from netral.core.dates import long_date, month_name, tanggal_id, weekday_name
from netral.test import BaseTestCase

EN_SHORT = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
ID_SHORT = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"}


class DatesTestCase(BaseTestCase):
    def test_documents_stay_indonesian_in_the_english_interface(self):
        with translation.override("en"):
            self.assertEqual(tanggal_id(date(2026, 12, 1)), "1 Desember 2026")
            self.assertEqual(weekday_name(3, language="id"), "Kamis")
            self.assertEqual(tanggal_id(None), "")

    def test_pages_follow_the_readers_language(self):
        with translation.override("id"):
            self.assertEqual((month_name(8), month_name(8, short=True), month_name(5, short=True)),
                             ("Agustus", "Agu", "Mei"))
            self.assertEqual(long_date(date(2026, 12, 1)), "1 Desember 2026")
        with translation.override("en"):
            self.assertEqual((month_name(8), month_name(8, short=True), month_name(5, short=True)),
                             ("August", "Aug", "May"))
            self.assertEqual(long_date(date(2026, 12, 1)), "1 December 2026")
            self.assertEqual(month_name(10, short=True, language="id"), "Okt")
        self.assertEqual({month_name(m, short=True, language="en") for m in range(1, 13)}, EN_SHORT)
        self.assertEqual({month_name(m, short=True, language="id") for m in range(1, 13)}, ID_SHORT)

    def test_monev_chart_labels_follow_the_language_and_its_pdf_stays_indonesian(self):
        from netral.reports.render import bucket_label, period_label

        fig = {"params": {"date_from": "2024-08-01", "date_to": "2024-10-31"}}
        with translation.override("en"):
            self.assertEqual((bucket_label("2024-08-05", "week"), bucket_label("2024-10-01", "month")),
                             ("5 Aug", "Oct 24"))
            self.assertEqual(period_label(fig), "1 August 2024 – 31 October 2024")
        with translation.override("id"):
            self.assertEqual((bucket_label("2024-08-05", "week"), bucket_label("2024-10-01", "month")),
                             ("5 Agu", "Okt 24"))
            self.assertEqual(period_label(fig), "1 Agustus 2024 – 31 Oktober 2024")

    def test_the_election_timeline_speaks_the_interface_language(self):
        from netral.elections.reference import load_reference_data

        load_reference_data()
        self.login(self.pegawai)
        url = reverse("election_calendar", args=["pemilu-2024"])

        def ticks():
            labels = re.findall(r'class="nt-tl-tick">([^<]+)<', self.client.get(url).text)
            self.assertTrue(labels)
            return {label.split()[0] for label in labels}

        in_indonesian = ticks()
        self.assertLessEqual(in_indonesian, ID_SHORT)
        self.client.post(reverse("set_language"), {"language": "en", "next": url})
        in_english = ticks()
        self.assertLessEqual(in_english, EN_SHORT)
        self.assertNotEqual(in_indonesian, in_english)  # e.g. Mei/May, Agu/Aug, Okt/Oct, Des/Dec


class ImplausibleYearsTestCase(BaseTestCase):
    """A date typed by hand with year 9999 or 0001 (a browser's date picker allows both): the filters added a day to
    it (OverflowError, a 500 on the findings queue and the audit log) and forms stored it (a hearing in 9999).
    Every date field of every form (core.forms.BootstrapMixin) refuses years outside 1900-2100 with a message."""

    def test_list_filters_answer_with_a_message_not_a_500(self):
        self.login(self.admin)
        for name in ("finding_list", "audit_list"):
            for value in ("9999-12-31", "0001-01-01"):
                r = self.client.get(reverse(name), {"date_from": value, "date_to": value})
                self.assertEqual(r.status_code, 200, (name, value))
                self.assertContains(r, "is-invalid")  # the field is marked; the list is shown unfiltered by it

    def test_forms_do_not_store_such_dates(self):
        from netral.cases.forms import HolidayForm

        with translation.override("id"):
            form = HolidayForm({"date": "9999-12-31", "name": "Libur", "kind": "national", "source": ""})
            self.assertFalse(form.is_valid())
            self.assertIn("antara 1900 dan 2100", str(form.errors))
        self.assertTrue(HolidayForm({"date": "2024-02-29", "name": "Libur", "kind": "national", "source": ""}).is_valid())  # a real 29 February
        self.assertFalse(HolidayForm({"date": "2023-02-29", "name": "Libur", "kind": "national", "source": ""}).is_valid())  # not a date at all
