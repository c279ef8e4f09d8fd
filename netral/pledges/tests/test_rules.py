from django.urls import reverse

from netral.pledges.reference import PROHIBITED_ACTS
from netral.test import BaseTestCase


class RulesTestCase(BaseTestCase):
    def test_it_needs_a_login(self):
        r = self.client.get(reverse("rules"))
        self.assertEqual(r.status_code, 302)

    def test_it_lists_every_skb_act_with_an_anchor_examples_and_sources(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("rules"))
        for key, *_ in PROHIBITED_ACTS:
            self.assertContains(r, f'id="skb-{key}"')
        for text in ("PP 94/2021 Pasal 8", "pemotongan tunjangan kinerja 25% selama 9 bulan", "PP 42/2004",
                     "SE MenPANRB Nomor 1 Tahun 2023", "UU 20/2023", "Contoh"):
            self.assertContains(r, text)

    def test_it_searches_without_javascript(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("rules"), {"q": "PPNPN"})
        self.assertContains(r, 'id="ppnpn"')
        self.assertNotContains(r, 'id="skb-banner"')
        r = self.client.get(reverse("rules"), {"q": "baliho"})
        self.assertContains(r, 'id="skb-banner"')
        r = self.client.get(reverse("rules"), {"q": "<script>xyz"})
        self.assertContains(r, "Tidak ada aturan yang memuat")
        self.assertNotContains(r, "<script>xyz")

    def test_the_pegawai_page_links_the_full_rules(self):
        self.login(self.pegawai)
        r = self.client.get(reverse("regulation_list"))
        self.assertContains(r, reverse("rules"))
