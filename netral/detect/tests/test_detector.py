import pytest

from netral.detect import DETECTOR_VERSION, Detector

# pairs that differ in one phrase: (partisan text, neutral text)
PAIRS = [
    ("Tanggal 14 Februari jangan lupa coblos nomor 2 ya! ✌️",
     "Tanggal 14 Februari jangan lupa datang ke TPS ya!"),
    ("Rekan-rekan, arahan pimpinan: kita semua dukung pasangan 02 ya.",
     "Rekan-rekan, arahan pimpinan: kita semua wajib netral, tidak boleh ikut kampanye."),
    ("Semoga pemilu lancar dan Pak Ganjar yang menang, beliau paling merakyat",
     "Semoga pemilu lancar, aman, dan damai. Siapa pun presidennya, kita tetap bersaudara"),
    ("Ayo menangkan Anies-Muhaimin, saatnya perubahan! #AMIN2024",
     "KPU menetapkan Anies-Muhaimin sebagai pasangan nomor urut 1 dalam rapat pleno."),
]


@pytest.mark.parametrize("partisan,neutral", PAIRS)
def test_it_tells_partisan_from_neutral(detector, partisan, neutral):
    a = detector.classify(partisan)
    b = detector.classify(neutral)
    assert a.partisan and a.political, a.scores
    assert not b.partisan, b.scores
    assert a.scores["partisan"] > b.scores["partisan"]


def test_it_returns_targets_and_skb_item(detector):
    r = detector.classify("Mantap, coblos 02 biar satu putaran! ✌️", interaction="comment")
    assert r.partisan
    assert "capres-02" in r.targets
    assert r.skb_item == "post_comment_share_like"
    r = detector.classify("Foto bareng Pak Prabowo di kampanye, salam dua jari ✌️", interaction="post")
    assert r.skb_item in ("photo_with_candidate", "attend_campaign")


def test_it_does_not_flag_everyday_text(detector):
    r = detector.classify("Kue buatan ibu enak sekali, besok bikin lagi ya")
    assert not (r.political or r.partisan or r.hate or r.hoax)
    assert r.targets == [] and r.skb_item is None


def test_it_flags_hate_speech(detector):
    assert detector.classify("dasar cina kafir goblok, bikin rusak negara aja").hate


def test_it_explains_with_spans_and_features(detector):
    text = "Ayo coblos nomor 2 ya! ✌️"
    r = detector.classify(text)
    d = r.to_dict()
    spans = [e for e in d["evidence"] if e["type"] == "lexicon"]
    assert any(text[s:e] == "nomor 2" for s, e in (x["span"] for x in spans))
    assert any(e["type"] == "feature" and e["head"] == "partisan" for e in d["evidence"])
    assert set(d) >= {"political", "partisan", "hate", "hoax", "scores", "targets", "skb_item", "evidence"}
    assert all(0.0 <= v <= 1.0 for v in d["scores"].values())


def test_it_matches_known_hoax_claims(detector):
    if detector.hoax_index is None:
        pytest.skip("no hoax index")
    claim = detector.hoax_index.claims[0]["text"]
    r = detector.classify(claim)
    assert r.hoax and r.scores["hoax"] >= detector.thresholds["hoax"]
    assert any(e["type"] == "hoax" for e in r.to_dict()["evidence"])


def test_batch_equals_single(detector):
    texts = [p for pair in PAIRS for p in pair]
    many = detector.classify_many(texts)
    for t, r in zip(texts, many):
        assert r.to_dict() == detector.classify(t).to_dict()


def test_it_accepts_a_custom_lexicon():
    from netral.detect import Lexicon

    lex = Lexicon.from_contestants([{"key": "pilkada-x-1", "name": "Budi Santoso – Siti Rahma", "number": "1",
                                     "aliases": "BUSI;Bang Budi", "election": "Pilkada Kota X"}])
    det = Detector.load(lexicon=lex)
    r = det.classify("Ayo dukung Bang Budi, coblos nomor 1 tanggal 27 November!")
    assert r.partisan and r.targets == ["pilkada-x-1"]


def test_version_names_the_model():
    assert DETECTOR_VERSION.startswith("netral-detect/") and "+" in DETECTOR_VERSION


def test_a_batch_may_end_with_a_text_without_features(detector):
    # punctuation only: no word, no feature; as the last row of a batch it once broke the row norms
    out = detector.classify_many(["Dasar bodoh kau, anjing!", "...", ""])
    assert [r.hate for r in out][1:] == [False, False]
    assert out[1].scores == detector.classify("...").scores


def test_skb_prefilter_never_changes_the_suggestion():
    # suggest_skb_item skips a rule whose words are absent before running its regular expression;
    # it must give what the rules alone give
    import csv
    import os

    from netral.detect import model

    def by_rules_only(text):
        for key, rx in model._SKB_RULES:
            if rx.search(text):
                return key
        return "socmed_campaign"

    with open(os.path.join(os.path.dirname(model.__file__), "examples.csv"), encoding="utf-8") as fh:
        texts = [r["text"].lower() for r in csv.DictReader(fh)]
    texts += ["kader xpartaix siap menang", "pasang spanduk xpaslonx di depan rumah", "ikut kampanye akbar besok",
              "bagi bagi sembako dari tim sukses", "selfie bareng xpaslonx ✌", "bawahan wajib pilih xpaslonx",
              "kalau tidak pilih xpaslonx nanti jabatan kamu dicopot"]
    keys = set()
    for t in texts:
        assert model.suggest_skb_item("post", t) == by_rules_only(t), t
        keys.add(by_rules_only(t))
    assert {k for k, _ in model._SKB_RULES} <= keys  # every rule was exercised
