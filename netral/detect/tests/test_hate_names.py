"""No name is hate (issue 15): the hate head never learns a name, a party or a number."""

import numpy as np
import pytest

NEUTRAL_MENTIONS = [
    # the shapes
    "Ganjar Pranowo orang baik",
    "Dukung Pak Prabowo sampai menang!",
    "Debat capres malam ini: Anies Baswedan, Prabowo Subianto, dan Ganjar Pranowo",
    # written for the project, same shapes
    "Anies Baswedan hadir di pengajian warga tadi pagi",
    "Pak Prabowo menyapa pedagang pasar, ramah sekali",
    "Gibran Rakabuming dan Mahfud MD bertemu di acara bedah buku",
    "Partai Golkar, PDIP, Gerindra dan PKS menghadiri rapat KPU",
    "Paslon nomor 1, 2 dan 3 menyampaikan visi misi di debat kedua",
    "Cak Imin ulang tahun hari ini, selamat!",
    "Semoga Pak Ganjar sehat selalu",
    "Jokowi meresmikan jembatan baru di Kalimantan",
    "Ahok dan Djarot hadir di pernikahan sahabat",
    "Nomor 02 unggul di hitung cepat 2024 menurut tiga lembaga",
]


@pytest.mark.parametrize("text", NEUTRAL_MENTIONS)
def test_a_neutral_or_friendly_mention_is_not_hate(detector, text):
    r = detector.classify(text)
    assert not r.hate, r.scores
    assert r.scores["hate"] < detector.thresholds["hate"]


def test_hate_is_still_found_without_names(detector):
    assert detector.classify("dasar cina kafir goblok, bikin rusak negara aja").hate
    assert detector.classify("dasar kafir goblok tolol, bikin rusak negara aja").hate


def test_the_hate_head_has_no_weight_on_masks_names_or_numbers(detector):
    from netral.detect.features import MASK_TOKENS, column
    from netral.detect.train import POLITICIAN_NAMES

    j = detector.heads.index("hate")
    n = detector.W.shape[0]
    for w in (*MASK_TOKENS, "jokowi", "ahok", "prabowo", "megawati"):
        assert w in MASK_TOKENS or w in POLITICIAN_NAMES
        assert detector.W[column(f"w:{w}", n), j] == 0.0, w


def test_a_mention_scores_no_more_hate_than_the_same_text_without_it(detector):
    # swapping who is named changes the hate score by little: the head does not know names
    base = detector.classify("orang ini pembohong besar").scores["hate"]
    for name in ("Anies", "Prabowo", "Ganjar", "Jokowi", "Megawati"):
        s = detector.classify(f"{name} pembohong besar").scores["hate"]
        assert abs(s - base) < 0.25, (name, s, base)


def test_hate_training_words_drop_names_parties_and_numbers():
    from netral.detect.train import hate_words

    assert hate_words(["xpaslonx", "orang", "baik", "jokowi", "2024", "xpartaix", "xnourutx", "bodoh"]) == \
        ["orang", "baik", "bodoh"]
    assert np.all([w not in hate_words([w]) for w in ("ahok", "megawati", "01")])
