"""Issue 15, the two missed targets: stance cues for the partisan head (reporting vs campaigning) and the
political anchor rule (a text with no lexicon match and no political word needs a surer political score).
Sentences written for these tests."""

import csv

import numpy as np
import pytest

from netral.detect import Detector
from netral.detect import train as tr
from netral.detect.features import (CUE_CALL, CUE_MEDIA, CUE_NO_TARGET, CUE_REPORT, CUE_SURVEY, CUE_TOKENS, CUE_WISH,
                                    masked_words, stance_cues)
from netral.detect.lexicon import POLITICAL_WORDS
from netral.detect.model import MODEL_DIR, _model_meta


def cues(lexicon, text):
    """The stance markers of a text (the no-target marker apart: see its own test)."""
    n = lexicon.normalize(text)
    return set(masked_words(n, lexicon.match(n, hidden=True))) & (set(CUE_TOKENS) - {CUE_NO_TARGET})


def names_no_side(lexicon, text):
    n = lexicon.normalize(text)
    return CUE_NO_TARGET in masked_words(n, lexicon.match(n, hidden=True))


# ------------------------------------------------------------------ stance cues
def test_plain_talk_carries_no_stance_cue(lexicon):
    assert cues(lexicon, "Hari ini hujan deras, jalan ke kantor macet") == set()
    assert cues(lexicon, "Kata orang tua dulu, rajin pangkal pandai") == set()  # "kata" alone is no report
    assert stance_cues([]) == [CUE_NO_TARGET]


def test_a_text_that_names_no_contestant_party_or_number_is_marked(lexicon):
    # the wish is the same; without a name the guideline calls it election-neutral (no side is named)
    assert names_no_side(lexicon, "Semoga bapak jadi presiden tahun depan, aamiin")
    assert names_no_side(lexicon, "Mari kita menangkan beliau menjadi presiden")
    assert not names_no_side(lexicon, "Semoga Pak Anies jadi presiden tahun depan, aamiin")
    assert not names_no_side(lexicon, "Ayo dukung Partai Demokrat di pemilu")
    assert not names_no_side(lexicon, "Jangan lupa coblos nomor 2 ya")


def test_attribution_and_news_outlets_mark_a_report(lexicon):
    assert CUE_REPORT in cues(lexicon, "Prabowo akan menang di Jawa Barat, kata dia dalam keterangan tertulis")
    assert CUE_REPORT in cues(lexicon, "Kami siap memenangkan Anies, ujarnya di Bandung")
    assert CUE_REPORT in cues(lexicon, "Relawan berkumpul di alun-alun, tutur Ganjar kepada wartawan")
    assert CUE_MEDIA in cues(lexicon, "Ganjar hadiri panen raya di Klaten sindonews")
    assert CUE_SURVEY in cues(lexicon, "Elektabilitas Anies naik dua persen menurut survei terbaru")


def test_calls_and_wishes_mark_campaigning(lexicon):
    got = cues(lexicon, "Ayo coblos nomor 2, semoga menang satu putaran!")
    assert {CUE_CALL, CUE_WISH} <= got and CUE_REPORT not in got
    assert CUE_WISH in cues(lexicon, "Insya Allah Pak Anies jadi presiden")


def test_cue_markers_are_shown_in_words_not_as_codes(detector):
    r = detector.classify("Ayo dukung dan coblos Prabowo Gibran, semoga menang!").to_dict()
    shown = [e["feature"] for e in r["evidence"] if e["type"] == "feature"]
    assert not any(c in f for f in shown for c in CUE_TOKENS)


def test_the_hate_head_gives_no_weight_to_the_cue_markers():
    # a call to vote or a prayer is not abuse: the markers are left out of the hate head's words
    from netral.detect.features import Vectorizer, column

    model = tr.load_arrays()
    j = list(model["heads"]).index("hate")
    n = Vectorizer(model["n_bits"]).n_features
    for c in CUE_TOKENS:
        assert model["W"][column(f"w:{c}", n), j] == 0.0


# ------------------------------------------------------------------ political anchor rule
def _rule_detector(th_pol, th_bare):
    """The committed weights with chosen thresholds: the rule, not the scores, decides."""
    meta = _model_meta(MODEL_DIR)
    th = dict(meta["thresholds"], political=th_pol, political_bare=th_bare, partisan=1.01)
    return Detector.from_arrays(tr.load_arrays(), th)


def test_a_text_without_an_anchor_needs_the_bare_threshold():
    det = _rule_detector(0.0, 1.01)  # every anchored text political, no unanchored one
    bare = ["Alhamdulillah kegiatan bersih-bersih kampung berjalan lancar, terima kasih warga",
            "Selamat menunaikan ibadah puasa, semoga berkah untuk kita semua",
            "Ganjar pahala bagi yang bersedekah"]  # an ambiguous name without context is no anchor
    # "pemerintah" alone no longer anchors (a civil servant's working word, third round); an institution does
    anchored = ["DPR harus menekan pemerintah menurunkan harga beras", "Cek nama kamu di DPT sebelum hari pemungutan",
                "Prabowo hadir di Bandung"]
    res = det.classify_many(bare + anchored)
    assert [r.political for r in res] == [False] * len(bare) + [True] * len(anchored)
    par, anc = det.gates(bare + anchored)
    assert list(anc) == [False] * len(bare) + [True] * len(anchored)


def test_without_a_bare_threshold_every_text_uses_the_political_one():
    th = dict(_model_meta(MODEL_DIR)["thresholds"], political=0.0, partisan=1.01)
    th.pop("political_bare", None)
    det = Detector.from_arrays(tr.load_arrays(), th)
    assert det.thresholds["political_bare"] == 0.0
    assert det.classify("Selamat menunaikan ibadah puasa, semoga berkah").political


def test_the_committed_model_has_a_bare_threshold_at_or_above_the_political_one():
    th = _model_meta(MODEL_DIR)["thresholds"]
    assert th["political"] <= th["political_bare"] < 1.0


def test_community_posts_and_greetings_are_not_political(detector):
    # campaign-group style posts without a name or a political word, written for this test
    for t in ("Alhamdulillah kegiatan berbagi takjil di masjid berjalan lancar dan disambut baik warga",
              "Pelatihan membuat kue bersama ibu-ibu milenial di Kabupaten Bantul, seru banget!",
              "Selamat hari ibu untuk semua ibu hebat di Indonesia, sehat selalu",
              "Marhaban ya Ramadan, mohon maaf lahir dan batin"):
        assert not detector.classify(t).political, t


def test_political_talk_without_a_name_stays_political(detector):
    for t in ("Pemerintah harus tegas memberantas korupsi di kementerian",
              "DPR kembali mengesahkan undang-undang tanpa mendengar rakyat",
              "Jangan lupa datang ke TPS tanggal 14 Februari, satu suara menentukan"):
        assert detector.classify(t).political, t


def test_political_words_are_the_specific_election_words_and_the_political_institutions():
    from netral.detect.lexicon import _ELECTION_WORDS, _GENERIC_ELECTION_WORDS, PROTECTED_WORDS

    assert _ELECTION_WORDS - _GENERIC_ELECTION_WORDS <= POLITICAL_WORDS
    assert {"pemilu", "capres", "coblos", "dpr", "kpps", "dpt", "korupsi"} <= POLITICAL_WORDS
    # everyday words and a civil servant's working vocabulary do not anchor a text in politics (third round)
    assert not {"pilih", "menang", "dukung", "suara", "kampanye", "asn", "pns", "pemerintah", "negara",
                "kebijakan", "kementerian"} & POLITICAL_WORDS
    assert "ganjar" not in POLITICAL_WORDS and "pahala" not in POLITICAL_WORDS
    # ... but the slang lists still never rewrite any of them
    assert {"pilih", "asn", "pemerintah", "pemilu"} <= PROTECTED_WORDS


def test_routine_posts_of_an_office_are_not_anchored_in_politics(detector):
    # written for this test: a civil servant's working day, everyday "pilih"/"menang", a rank "nomor 1",
    # a weak slogan word ("lanjutkan"): the political head alone must be sure (political_bare)
    texts = ["Apel pagi ASN Pemerintah Kabupaten hari ini, semangat melayani masyarakat!",
             "Sosialisasi kebijakan kementerian tentang cuti pegawai negeri di aula kantor",
             "Alhamdulillah puskesmas kami juara nomor 1 lomba kebersihan tingkat kabupaten",
             "Pilih menu yang sehat ya, jangan gorengan terus",
             "Tim voli kantor menang lagi, suara suporter luar biasa",
             "Lanjutkan semangat kerja minggu ini, rekan-rekan"]
    _, anchored = detector.gates(texts)
    assert not anchored.any(), [t for t, a in zip(texts, anchored) if a]
    # political talk stays anchored: an institution, an election word, a contestant
    _, anchored = detector.gates(["Pemerintah harus tegas memberantas korupsi di kementerian",
                                  "Jangan lupa coblos nomor 2 ya", "Prabowo hadir di Bandung siang ini",
                                  "DPR kembali mengesahkan undang-undang tanpa mendengar rakyat"])
    assert anchored.all()


def test_a_campaign_groups_name_makes_an_ambiguous_name_the_candidate(lexicon):
    # "Mak Ganjar", "Srikandi Ganjar": campaign groups' posts name the candidate (labels/GUIDELINE.md)
    for t in ("Mak Ganjar Jawa Barat berbagi takjil untuk warga", "Srikandi Ganjar Sulsel gelar kelas memasak"):
        ms = [m for m in lexicon.match(t, hidden=True) if m.kind != "ambiguous"]
        assert [m.keys for m in ms] == [("capres-03",)], t
    # the word alone, or after an ordinary word, stays a word
    for t in ("Semoga Allah ganjar kebaikanmu", "Ibu guru memberi ganjar bagi murid yang rajin"):
        assert all(m.kind == "ambiguous" for m in lexicon.match(t, hidden=True)), t


# ------------------------------------------------------------------ choosing the bare threshold
def test_the_bare_threshold_stops_where_the_political_f1_would_fall_under_its_target():
    held_y = np.array([1, 1, 1, 1, 0, 0])
    held_p = np.array([0.9, 0.6, 0.55, 0.52, 0.1, 0.2])
    held_anc = np.array([True, False, False, False, False, False])
    dev_p = np.array([0.7, 0.8])
    dev_anc = np.array([False, False])
    nonpol = np.array([True, True])
    t = tr.political_bare_threshold(0.5, dev_p, dev_anc, np.zeros(2, bool), nonpol, held_p, held_anc, held_y)
    # above 0.52 an unanchored political text is lost and the F1 falls under 0.92: the dev limit cannot be
    # reached within that range, and 0.5 already gives the fewest flags there
    assert t == 0.5


def test_the_bare_threshold_is_the_lowest_that_keeps_non_political_flags_under_the_limit():
    held_y = np.array([1] * 10 + [0] * 10)
    held_p = np.array([0.95] * 10 + [0.1] * 10)
    held_anc = np.zeros(20, bool)
    dev_p = np.array([0.6, 0.7, 0.1, 0.2])
    nonpol = np.ones(4, bool)
    t = tr.political_bare_threshold(0.5, dev_p, np.zeros(4, bool), np.zeros(4, bool), nonpol, held_p, held_anc,
                                    held_y)
    assert t == 0.71
    # an anchored non-political dev text stays flagged whatever the bare threshold: the limit cannot be met,
    # and the lowest threshold with the fewest flags is taken (0.6 is gone above 0.6, 0.7 is anchored)
    t2 = tr.political_bare_threshold(0.5, dev_p, np.array([False, True, False, False]), np.zeros(4, bool), nonpol,
                                     held_p, held_anc, held_y)
    assert t2 == 0.61


# ------------------------------------------------------------------ the added labels
def test_labels_chosen_after_the_random_sample_are_training_labels_only():
    with open(tr.LABELS, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 3000
    # rows after the first 3,000 (the random sample) were chosen by wording or score: never dev or test
    assert {tr.label_split(r["id"]) for r in rows[3000:]} == {"train"}
    assert {r["label"] for r in rows[3000:]} == {"partisan", "election_neutral", "non_political"}


@pytest.mark.parametrize("text", ["Prabowo menang, kata dia", "Ayo coblos 01"])
def test_gates_agree_with_the_decisions(detector, text):
    r = detector.classify(text)
    par, anc = detector.gates([text])
    assert not r.partisan or par[0]
    assert anc[0]
