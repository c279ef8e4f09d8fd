from netral.detect import Lexicon
from netral.detect.train import model_hash, train_heads

POS = ["coblos nomor 2 ya", "ayo dukung paslon 01", "menangkan ganjar mahfud", "pilih prabowo gibran",
       "salam tiga jari menang", "anies presiden kita"]
NEG = ["jadwal apel pagi senin", "kue enak sekali", "rapat kantor jam 9", "selamat ulang tahun",
       "datang ke TPS tanggal 14", "ASN wajib netral"]


def tiny():
    texts = POS + NEG
    return {"political": (texts, [1] * 6 + [0] * 6), "partisan": (texts, [1] * 5 + [0] * 7)}


def test_training_is_reproducible():
    lex = Lexicon.builtin()
    cfg = {"n_bits": 12, "political": {"C": 1.0}, "partisan": {"C": 1.0}}
    a = train_heads(tiny(), lex, cfg)
    b = train_heads(tiny(), lex, cfg)
    assert model_hash(a) == model_hash(b)
    other = tiny()
    other["partisan"] = (other["partisan"][0], [1] * 6 + [0] * 6)
    assert model_hash(train_heads(other, lex, cfg)) != model_hash(a)


def test_committed_model_hash_matches_its_files():
    import json
    import os

    from netral.detect.model import MODEL_DIR
    from netral.detect.train import load_arrays

    with open(os.path.join(MODEL_DIR, "model.json"), encoding="utf-8") as fh:
        meta = json.load(fh)
    assert model_hash(load_arrays()) == meta["sha256"]


def test_direct_hashing_gives_the_hasher_columns():
    # the detector hashes feature strings itself (faster); columns must stay those of FeatureHasher,
    # or a model trained before would read the wrong weights
    import numpy as np
    from sklearn.feature_extraction import FeatureHasher

    from netral.detect.features import column

    feats = ["w:coblos", "b:coblos xnourutx", "c: co", "c:os ", "w:pemilu", "c:☝", "w:ñandú", ""]
    for n in (2**18, 2**20):
        X = FeatureHasher(n_features=n, input_type="string", alternate_sign=False).transform([[f] for f in feats])
        assert [column(f, n) for f in feats] == X.tocsr().indices.tolist()
        assert np.all(X.tocsr().indptr == np.arange(len(feats) + 1))


def test_hoax_index_rebuilds_from_its_claims_and_queries_share_its_vectors():
    # build() and query() share one vectoriser (hashed directly): rebuilding the committed index from its
    # claims gives the committed matrix, and a claim queried as a text finds itself
    import numpy as np

    from netral.detect import Detector
    from netral.detect.hoax import HoaxIndex, hoax_keys
    from netral.detect.text import normalize_text

    committed = Detector.load().hoax_index  # Detector.load builds the lexicon, as training does first
    rebuilt = HoaxIndex.build(committed.claims)
    assert np.abs(rebuilt.idf - committed.idf).max() < 0.01  # committed as float16
    assert abs(rebuilt.matrix_t - committed.matrix_t).max() < 0.001
    texts = [c["text"] for c in committed.claims[:50]]
    words = [normalize_text(t).split() for t in texts] + [[], ["yang", "dan"]]
    rows, n_feats = committed._columns(words)
    assert n_feats == [len(hoax_keys(w)) for w in words] and rows[-2:] == [[], []]
    best, arg = committed.query(words[:50])
    short = np.array(n_feats[:50]) < 4  # fewer than 4 features: the score is halved
    assert np.all(best[~short] > 0.99) and np.all(best[short] > 0.49)
    found = committed._columns([normalize_text(committed.claims[j]["text"]).split() for j in arg])[0]
    assert all(set(f) == set(r) for f, r in zip(found, rows[:50]))  # itself, or a claim with the same words
