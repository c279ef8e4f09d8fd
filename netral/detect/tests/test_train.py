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
