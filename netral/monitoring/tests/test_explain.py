from types import SimpleNamespace

from netral.elections.models import Contestant, Election
from netral.monitoring.explain import explain
from netral.test import BaseTestCase

EVIDENCE = [
    {"type": "lexicon", "kind": "ballot", "keys": ["uji-02"], "text": "coblos 02", "span": [4, 13], "weak": False},
    {"type": "lexicon", "kind": "gesture", "keys": ["uji-02"], "text": "✌️", "span": [20, 22], "weak": True},
    {"type": "feature", "head": "partisan", "feature": "xgesturex", "weight": 5.3},
    {"type": "feature", "head": "partisan", "feature": "[nomor]", "weight": 4.2},
    {"type": "feature", "head": "partisan", "feature": "coblos", "weight": 2.0},
]


class ExplainTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.election = Election.objects.create(slug="uji", kind="pilkada", name="Pilkada Uji", voting_day="2027-01-01")
        Contestant.objects.create(election=cls.election, key="uji-02", number=2, name="Budi – Sari")

    def test_it_names_the_contestant_and_the_call_to_vote(self):
        result = SimpleNamespace(partisan=True, hate=False, hoax=False, targets=["uji-02"], evidence=EVIDENCE)
        summary, lines = explain(result, self.election)
        self.assertEqual(summary, "Menyebut paslon 02 Budi – Sari dengan ajakan memilih.")
        text = " ".join(lines)
        self.assertIn("“coblos 02”", text)
        self.assertIn("petunjuk lemah", text)  # the finger emoji alone is weak
        for internal in ("xgesturex", "[nomor]", "ballot", "uji-02", "bobot"):
            self.assertNotIn(internal, summary + text)

    def test_it_explains_without_targets_or_evidence(self):
        summary, lines = explain(SimpleNamespace(partisan=False, hate=True, hoax=False, targets=[], evidence=None))
        self.assertIn("ujaran kebencian", summary)
        self.assertEqual(lines, [])

    def test_an_unknown_key_is_shown_readably(self):
        result = SimpleNamespace(partisan=True, hate=False, hoax=False, targets=["partai-baru"], evidence=[])
        summary, _ = explain(result)
        self.assertIn("partai baru", summary)
