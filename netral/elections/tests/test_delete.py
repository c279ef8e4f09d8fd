from datetime import date

from django.urls import reverse
from django.utils import timezone

from netral.elections.models import Contestant, Election, Stage
from netral.pledges import actions
from netral.pledges.models import Event, IntegrityPact, PactTemplate
from netral.pledges.tests.fixtures import make_employee
from netral.test import BaseTestCase


class ElectionDeleteTestCase(BaseTestCase):
    def setUp(self):
        self.election = Election.objects.create(slug="psu-hapus", kind="pilkada", name="PSU Hapus",
                                                voting_day=date(2024, 11, 27))
        Stage.objects.create(election=self.election, name="Kampanye", start=date(2024, 9, 25), end=date(2024, 11, 23),
                             phase="campaign")
        Contestant.objects.create(election=self.election, key="p1", number=1, name="Paslon Satu")
        self.url = reverse("election_delete", args=[self.election.slug])
        self.login(self.admin)

    def test_it_refuses_to_delete_an_election_with_pacts(self):
        make_employee(self.upt_a, "Agus Setiawan")
        template = PactTemplate.objects.create(election=self.election, unit=self.kanwil, place="Semarang",
                                               pact_date=date(2024, 9, 1))
        actions.generate_pacts(template)
        self.assertTrue(IntegrityPact.objects.exists())
        r = self.client.post(self.url, follow=True)
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, "tidak dapat dihapus")
        self.assertContains(r, "pakta integritas")
        self.assertTrue(Election.objects.filter(pk=self.election.pk).exists())

    def test_it_refuses_to_delete_an_election_with_events_instead_of_unlinking_them(self):
        event = Event.objects.create(unit=self.kanwil, title="Sosialisasi", election=self.election,
                                     starts_at=timezone.now(), place="Aula")
        r = self.client.post(self.url, follow=True)
        self.assertContains(r, "tidak dapat dihapus")
        event.refresh_from_db()
        self.assertEqual(event.election_id, self.election.pk)

    def test_it_deletes_an_unused_election_with_its_calendar(self):
        r = self.client.post(self.url)  # without confirmation: a page that says what will go, nothing deleted
        self.assertContains(r, "PSU Hapus akan dihapus beserta 1 tahapan dan 1 pesertanya")
        self.assertTrue(Election.objects.filter(slug="psu-hapus").exists())
        r = self.client.post(self.url, {"confirmed": "yes"})
        self.assertRedirects(r, reverse("election_list"))
        self.assertFalse(Election.objects.filter(slug="psu-hapus").exists())
        self.assertFalse(Stage.objects.filter(election_id=self.election.pk).exists())
