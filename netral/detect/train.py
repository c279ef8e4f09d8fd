"""Train the detector's models from ``../shared/data`` (``python -m netral.detect.train``).

Deterministic: files are read in a fixed order, splits are made by hashing the text,
solvers are seeded. Writes

- ``data/slang.tsv``: compact slang -> formal list (derived from the public lexicons,
  only entries that occur in the training texts)
- ``data/words.txt``: frequent words (hashtag splitting, letter-repeat repair)
- ``model/heads.npz`` + ``model/model.json``: idf and weights of the three linear heads
  (political, partisan, hate), thresholds, metrics
- ``model/hoax.npz`` + ``model/hoax_claims.json``: the hoax claim index

and prints its metrics. ``train_heads`` and ``model_hash`` are used by the tests to check
reproducibility on a tiny in-test data set.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
import time
from collections import Counter

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from . import text as norm_mod
from .features import Vectorizer, masked_words

HERE = os.path.dirname(__file__)
MODEL_DIR = os.path.join(HERE, "model")
DATA_DIR = norm_mod.DATA_DIR
EXAMPLES = os.path.join(HERE, "examples.csv")
HEADS = ("political", "partisan", "hate")
N_BITS = 20
CONFIG = {
    "n_bits": N_BITS,
    "political": {"C": 4.0},
    "partisan": {"C": 8.0},  # real tweets ×10 (REAL_WEIGHT), stance cues + no-target marker: best dev F1 under the neutral limit (C 2 / 4 / 8: 0.848 / 0.859 / 0.859, third round)
    "hate": {"C": 10.0},
}

csv.field_size_limit(10**8)


def shared_data_dir() -> str:
    return os.environ.get("NETRAL_SHARED_DATA") or os.path.normpath(
        os.path.join(HERE, "..", "..", "..", "shared", "data"))


def _h(text: str) -> int:
    return int(hashlib.md5(text.encode("utf-8")).hexdigest()[:8], 16)


def split_of(text: str, k: int = 5) -> int:
    """Deterministic fold of a text (0..k-1)."""
    return _h(text) % k


# ---------------------------------------------------------------- data loading
def _read_csv(path, encoding="utf-8", delimiter=","):
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _clean_hs1(t: str) -> str:
    t = t.replace("\\n", " ")
    t = re.sub(r"\\x[0-9a-f]{2}", " ", t)
    t = re.sub(r"^(RT\s+)?", "", t)
    return t.strip(" '")


def load_hs1(base: str) -> list[tuple[str, int]]:
    rows = _read_csv(os.path.join(base, "ibrohim2019-hatespeech", "re_dataset.csv"), encoding="latin-1")
    return [(_clean_hs1(r["Tweet"]), int(r["HS"])) for r in rows]


def load_hs1_fold(base: str, fold: int):
    d = os.path.join(base, "indobertweet-splits")
    out = {}
    for part in ("train", "dev", "test"):
        rows = _read_csv(os.path.join(d, f"hate_speech_HS1_{part}{fold}.csv"))
        out[part] = [(_clean_hs1(r["Tweet"]), int(r["HS"])) for r in rows]
    return out


def load_asn(base: str) -> list[dict]:
    return _read_csv(os.path.join(base, "asn-style-examples", "posts.csv"))


def load_examples(path: str = EXAMPLES) -> list[dict]:
    return _read_csv(path)


def load_capres(base: str) -> list[str]:
    d = os.path.join(base, "pemilu2024-capres-sentiment")
    seen, out = set(), []
    for name in sorted(os.listdir(d)):
        if not name.startswith("Datasets_original"):
            continue
        for r in _read_csv(os.path.join(d, name), encoding="utf-8-sig"):
            t = (r.get("Tweet") or "").strip()
            if len(t) > 15 and t not in seen:
                seen.add(t)
                out.append(t)
    return out


_CAPRES_FILES = (("anies", "Anies_Baswedan"), ("ganjar", "Ganjar_Pranowo"), ("prabowo", "Prabowo_Subianto"))


def load_capres_rows(base: str) -> list[tuple[str, str]]:
    """(id, text) of the capres tweets, first occurrence of each text; id = "<file>:<row number>"
    (the file's first column), the only thing the project's hand labels store about a tweet."""
    d = os.path.join(base, "pemilu2024-capres-sentiment")
    seen, out = set(), []
    for short, name in _CAPRES_FILES:
        with open(os.path.join(d, f"Datasets_original_data_{name}.csv"), encoding="utf-8-sig", errors="replace",
                  newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            col = header.index("Tweet")
            for r in reader:
                if len(r) <= col:
                    continue
                t = r[col].strip()
                if len(t) > 15 and t not in seen:
                    seen.add(t)
                    out.append((f"{short}:{r[0]}", t))
    return out


LABELS = os.path.join(HERE, "labels", "capres_labels.csv")


def label_split(tweet_id: str) -> str:
    """train / dev / test of a hand-labelled tweet, by MD5 of its id (fixed before any result was seen;
    labels/GUIDELINE.md)."""
    k = _h(tweet_id) % 10
    return "train" if k < 5 else "dev" if k < 7 else "test"


# The first rows of capres_labels.csv are a random sample (first ids in MD5 order); the rows after them
# were chosen at the boundary (rounds 3 and 4 of labels/GUIDELINE.md) and are training tweets only.
SAMPLED_LABELS = 3000
LABEL_FOLDS = 5


def label_fold(tweet_id: str, k: int = LABEL_FOLDS) -> int:
    """Cross-validation fold (0..k-1) of a non-test hand label, by MD5 of the id. Salted: the unsalted hash
    decides train / dev / test, and its residues would put every dev tweet into two of the folds."""
    return _h("fold:" + tweet_id) % k


def load_labels(base: str, path: str = LABELS) -> list[dict]:
    """The hand labels joined with their tweets: dicts id, text, label, target, stance, split, sampled
    (one of the random sample's rows), fold (``label_fold``)."""
    texts = dict(load_capres_rows(base))
    out = []
    for i, r in enumerate(_read_csv(path)):
        t = texts.get(r["id"])
        if t is None:
            continue
        out.append(dict(r, text=t, split=label_split(r["id"]), sampled=i < SAMPLED_LABELS, fold=label_fold(r["id"])))
    return out


def load_hoax_titles(base: str) -> list[tuple[str, bool, str]]:
    rows = _read_csv(os.path.join(base, "hoax-pilpres2024-titles", "data_data_berita.csv"))
    return [(r["Judul Artikel"].strip(), r["Berita_Hoax"].strip() == "True", r["Link"].strip()) for r in rows]


def load_turnbackhoax(base: str) -> list[tuple[str, str]]:
    rows = _read_csv(os.path.join(base, "turnbackhoax-2024", "data_prep_categorized_hoaxes.csv"))
    return [(r["TITLE"].strip(), r["LLM_CATEGORY"].strip()) for r in rows if r.get("TITLE")]


def load_stance_articles(base: str) -> list[str]:
    path = os.path.join(base, "id-stance-political", "dataset_stance_2_label_2018_building_by_rini.csv")
    out = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for r in csv.reader(fh, delimiter=";"):
            if len(r) >= 4 and r[0] != "Tokoh":
                body = re.sub(r'[\[\]"]+', " ", r[3])
                out.append((r[2] + ". " + body)[:400])
    return out


def load_smsa(base: str, part: str) -> list[str]:
    path = os.path.join(base, "indonlu-smsa", f"dataset_smsa_doc-sentiment-prosa_{part}_preprocess.tsv")
    with open(path, encoding="utf-8") as fh:
        return [line.rsplit("\t", 1)[0] for line in fh if line.strip()]


def load_emot(base: str, part: str) -> list[str]:
    return [r["tweet"] for r in _read_csv(os.path.join(base, "indonlu-emot",
                                                       f"dataset_emot_emotion-twitter_{part}_preprocess.csv"))]


def load_nusax(base: str, part: str) -> list[str]:
    return [r["text"] for r in _read_csv(os.path.join(base, "nusax-senti", f"datasets_sentiment_indonesian_{part}.csv"))]


def load_idsa(base: str) -> list[str]:
    rows = _read_csv(os.path.join(base, "idsa-sentiment", "Indonesian_Sentiment_Twitter_Dataset_Labeled.csv"),
                     delimiter="\t")
    return [r["Tweet"] for r in rows]


# ---------------------------------------------------------------- lexicon derivation
_POLITICAL_PROTECT = {"amin", "abah", "gemoy", "prof", "no", "nomor", "paslon", "capres", "cawapres", "coblos",
                      "pdip", "pks", "pkb", "pan", "pbb", "psi", "ppp", "golkar", "gerindra", "nasdem", "demokrat",
                      "perindo", "hanura", "jari", "salam", "satset", "sat", "set", "wowo", "gibran", "prabowo",
                      "anies", "ganjar", "mahfud", "imin", "cak", "gus", "pak", "bu", "mas"}


def build_slang(base: str, corpus_counts: Counter) -> dict[str, str]:
    """Merge the slang lexicons, keep entries that occur in the corpus (>= 2 times)."""
    from .lexicon import PROTECTED_WORDS

    roots: set[str] = set()
    with open(os.path.join(base, "nlp-bahasa-resources", "combined_root_words.txt"), encoding="utf-8") as fh:
        roots = {w.strip().lower() for w in fh if w.strip()}
    cand: dict[str, Counter] = {}
    order: list[tuple[str, str]] = []

    def add(k, v, weight=1):
        k = (k or "").strip().lower()
        v = re.sub(r"\s+", " ", (v or "").strip().lower())
        if not k or not v or k == v or " " in k or not re.fullmatch(r"[a-z0-9]+", k) or not re.fullmatch(r"[a-z ]+", v):
            return
        if k in _POLITICAL_PROTECT or k in PROTECTED_WORDS or k.isdigit():
            return  # a political word is never rewritten: "pileg" was "pilek" (a cold), "sby" "surabaya"
        cand.setdefault(k, Counter())[v] += weight

    for r in _read_csv(os.path.join(base, "colloquial-lexicon", "colloquial-indonesian-lexicon.csv")):
        add(r["slang"], r["formal"], 3)
    with open(os.path.join(base, "indocollex", "dict_inforformal-formal-Indonesian-dictionary.tsv"),
              encoding="utf-8") as fh:
        for line in fh.read().splitlines()[1:]:
            k, _, v = line.partition("\t")
            add(k, v, 2)
    with open(os.path.join(base, "ibrohim2019-hatespeech", "new_kamusalay.csv"), encoding="latin-1") as fh:
        for r in csv.reader(fh):
            if len(r) >= 2:
                add(r[0], r[1], 2)
    for r in _read_csv(os.path.join(base, "netifier-toxic", "data_external_slangword.csv")):
        add(r["original"], r["translated"], 1)
    with open(os.path.join(base, "nlp-bahasa-resources", "combined_slang_words.txt"), encoding="utf-8") as fh:
        for k, v in json.load(fh).items():
            add(k, v, 1)
    with open(os.path.join(base, "ibrohim2018-abusive", "kamusalay.csv"), encoding="latin-1") as fh:
        for r in csv.reader(fh):
            if len(r) >= 2:
                add(r[0], r[1], 1)
    out = {}
    for k in sorted(cand):
        if corpus_counts.get(k, 0) < 2:
            continue
        if k in roots and len(k) > 3:
            continue  # a real word: leave it alone
        v, _ = sorted(cand[k].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if v.replace(" ", "") == k:
            continue
        out[k] = v
    return out


def build_words(corpus_counts: Counter, n: int = 12000) -> list[str]:
    words = [w for w, c in corpus_counts.most_common() if c >= 3 and w.isalpha() and 2 <= len(w) <= 20]
    return sorted(words[:n])


def write_lexicons(base: str, texts: list[str]) -> None:
    counts: Counter = Counter()
    for t in texts:
        counts.update(re.findall(r"[a-z0-9]+", t.lower()))
    slang = build_slang(base, counts)
    os.makedirs(DATA_DIR, exist_ok=True)
    with open(os.path.join(DATA_DIR, "slang.tsv"), "w", encoding="utf-8") as fh:
        fh.write("# slang -> formal, derived by netral.detect.train from colloquial-indonesian-lexicon (Salsabila et al.\n"
                 "# 2018), IndoCollex (Wibowo et al. 2021), new_kamusalay (Ibrohim & Budi 2019), netifier slangword,\n"
                 "# NLP_bahasa_resources, kamusalay (Ibrohim & Budi 2018); only entries seen >= 2 times in training texts\n")
        for k in sorted(slang):
            fh.write(f"{k}\t{slang[k]}\n")
    # words: frequent words of the corpus *after* slang replacement
    wcounts: Counter = Counter()
    for w, c in counts.items():
        for x in slang.get(w, w).split():
            wcounts[x] += c
    # The built-in contestants' names are frequent in the election tweets, but they are names, not
    # words: the lexicon matches a name part alone ("prabowo") only when it is not a common word.
    with open(os.path.join(DATA_DIR, "contestants_2024.csv"), encoding="utf-8") as fh:
        names = {w for r in csv.DictReader(fh) for w in re.findall(r"[a-z]+", r["name"].lower())}
    words = build_words(Counter({w: c for w, c in wcounts.items() if w not in names}))
    with open(os.path.join(DATA_DIR, "words.txt"), "w", encoding="utf-8") as fh:
        fh.write("# frequent words of the training texts (netral.detect.train)\n")
        fh.write("\n".join(words) + "\n")
    write_common_words(base)
    norm_mod.clear_caches()
    print(f"lexicons: {len(slang)} slang entries, {len(words)} words", flush=True)


def write_common_words(base: str) -> None:
    """``data/common_words.txt``: Indonesian root words (NLP_bahasa_resources, MIT) of 4+ letters.
    A contestant's name part in it ("ganjar", "sandi") needs an election context to count."""
    with open(os.path.join(base, "nlp-bahasa-resources", "combined_root_words.txt"), encoding="utf-8") as fh:
        words = sorted({w.strip().lower() for w in fh if re.fullmatch(r"[a-z]{4,}", w.strip().lower())})
    with open(os.path.join(DATA_DIR, "common_words.txt"), "w", encoding="utf-8") as fh:
        fh.write("# Indonesian root words (louisowen6/NLP_bahasa_resources, MIT), 4+ letters (netral.detect.train)\n")
        fh.write("\n".join(words) + "\n")


# ---------------------------------------------------------------- features / training
def featurize(texts: list[str], lexicon) -> list[list[str]]:
    """Masked normalised words of each text (the Vectorizer turns them into hashed features)."""
    out = []
    for t in texts:
        n = lexicon.normalize(t)
        out.append(masked_words(n, lexicon.match(n, hidden=True)))
    return out


# Names of politicians frequent in the hate-speech training tweets (HS1, 2018-2019) that no built-in
# contestant list masks. The hate head never sees them, nor the masked names, parties and ballot
# numbers, nor any number: it must learn insults, not who is talked about.
POLITICIAN_NAMES = frozenset("""
jokowi joko widodo jkw ahok basuki btp sby susilo yudhoyono ahy megawati mega puan maharani habib rizieq hrs
amien rais fadli zon fahri hamzah sandi sandiaga uno maruf ma'ruf amin anies prabowo wowo ganjar gibran mahfud
muhaimin imin djarot luhut kaesang bobby risma ridwan kamil khofifah kalla jk wiranto tito hatta rajasa paloh
surya tommy soeharto suharto harto habibie gusdur megawati setnov novanto moeldoko erick thohir zulkifli zulhas
airlangga hary tanoe tanoesoedibjo grace natalie yusril ihza
""".split())


def hate_words(words: list[str]) -> list[str]:
    """The words the hate head is trained on: no name, party or number (see POLITICIAN_NAMES)."""
    from .features import CUE_TOKENS, MASK_TOKENS

    # nor the stance markers: a call to vote or a prayer is not abuse (HS1's hateful tweets are full of them)
    return [w for w in words if w not in MASK_TOKENS and w not in CUE_TOKENS and w not in POLITICIAN_NAMES
            and not w.isdigit()]


def fit_head(X: sp.csr_matrix, y: np.ndarray, C: float, sample_weight=None) -> tuple[np.ndarray, float]:
    clf = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=200, random_state=0)
    clf.fit(X, y, sample_weight=sample_weight)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def best_threshold(y: np.ndarray, p: np.ndarray, lo=0.2, hi=0.8) -> float:
    best, bt = -1.0, 0.5
    for t in np.arange(lo, hi + 1e-9, 0.02):
        f = f1_score(y, p >= t, zero_division=0)
        if f > best + 1e-9:
            best, bt = f, float(round(t, 2))
    return bt


TARGET_F1 = 0.85  # docs/detector.md: real-tweet partisan F1 target


def partisan_threshold(y: np.ndarray, p: np.ndarray, neutral: np.ndarray, max_neutral: float = 0.10,
                       min_f1: float | None = None) -> float:
    """The partisan threshold on held-out labels.

    With ``min_f1``: the highest threshold whose F1 reaches ``min_f1`` (the F1 target with the fewest
    election-neutral texts flagged). Otherwise, or when no threshold reaches it: the best F1 among
    thresholds that flag at most ``max_neutral`` of the election-neutral texts. (On the real tweets both
    targets cannot be met at once: docs/detector.md.)"""
    grid = np.arange(0.2, 0.9 + 1e-9, 0.01)
    if min_f1 is not None:
        ok = [float(round(t, 2)) for t in grid if f1_score(y, p >= t, zero_division=0) >= min_f1]
        if ok:
            return max(ok)
    best, bt = -1.0, 0.5
    for t in grid:
        if neutral.any() and float(np.mean(p[neutral] >= t)) > max_neutral:
            continue
        f = f1_score(y, p >= t, zero_division=0)
        if f > best + 1e-9:
            best, bt = f, float(round(t, 2))
    return bt


MAX_NONPOLITICAL_FLAGGED = 0.03  # docs/detector.md: non-political posts flagged political
MIN_POLITICAL_F1 = 0.92


def political_bare_threshold(th: float, dev_p: np.ndarray, dev_anchored: np.ndarray, dev_flag_partisan: np.ndarray,
                             dev_nonpol: np.ndarray, held_p: np.ndarray, held_anchored: np.ndarray,
                             held_y: np.ndarray) -> float:
    """The political threshold of a text with no political anchor (no lexicon match, no political word).

    Among the thresholds (from ``th`` up) that keep the held-out political F1 (fold 0 of the political
    head's sources, that rule applied) at or above MIN_POLITICAL_F1: the lowest at which at most
    MAX_NONPOLITICAL_FLAGGED of the non-political dev tweets are flagged political, or, when no threshold
    gets there (a non-political tweet with a political word stays flagged whatever this threshold), the
    lowest that reaches the fewest flags."""
    rates = []
    for t in np.arange(th, 0.99 + 1e-9, 0.01):
        t = float(round(t, 2))
        held = np.where(held_anchored, held_p >= th, held_p >= t)
        if f1_score(held_y, held, zero_division=0) < MIN_POLITICAL_F1:
            break
        flag = np.where(dev_anchored, dev_p >= th, dev_p >= t) | dev_flag_partisan
        rates.append((t, float(flag[dev_nonpol].mean()) if dev_nonpol.any() else 0.0))
    if not rates:
        return th
    goal = max(MAX_NONPOLITICAL_FLAGGED, min(r for _, r in rates))
    return next(t for t, r in rates if r <= goal + 1e-12)


def fit_calibration(y: np.ndarray, p: np.ndarray) -> dict:
    """Isotonic regression of the label on the raw score, stored as breakpoints for ``np.interp``."""
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(p, y)
    return {"x": [round(float(v), 5) for v in iso.X_thresholds_], "y": [round(float(v), 5) for v in iso.y_thresholds_]}


def calibrate(p, cal: dict | None):
    if not cal or not cal.get("x"):
        return np.asarray(p, dtype=np.float64)
    return np.interp(p, cal["x"], cal["y"])


def reliability(y, p, cal: dict | None = None, bins: int = 5) -> list[dict]:
    """Reliability table: per bin of the (calibrated) score, its mean and the share of positives."""
    q = calibrate(np.asarray(p), cal)
    y = np.asarray(y)
    out = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        m = (q >= lo) & ((q < hi) if k < bins - 1 else (q <= hi))
        if m.any():
            out.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(m.sum()), "mean_score": round(float(q[m].mean()), 3),
                        "positives": round(float(y[m].mean()), 3)})
    return out


def real_tweet_metrics(rows: list[dict], scores: dict, thresholds: dict, calibration: dict,
                       gates: tuple | None = None) -> dict:
    """Figures on hand-labelled real tweets: partisan P/R/F1, neutral flagged partisan, political flags on
    non-political, hate on non-attacks, reliability of the calibrated partisan score. ``gates``: the
    detector's (partisan gate, political anchor) per text (``Detector.gates``), the rules it decides with."""
    from sklearn.metrics import precision_recall_fscore_support

    n = len(rows)
    gate, anchored = gates if gates is not None else (np.ones(n, bool), np.ones(n, bool))
    y = np.array([int(r["label"] == "partisan") for r in rows])
    par = (scores["partisan"] >= thresholds["partisan"]) & gate
    th_bare = thresholds.get("political_bare", thresholds["political"])
    pol = np.where(anchored, scores["political"] >= thresholds["political"], scores["political"] >= th_bare) | par
    neutral = np.array([r["label"] == "election_neutral" for r in rows])
    nonpol = np.array([r["label"] == "non_political" for r in rows])
    calm = np.array([r.get("stance") != "attack" for r in rows])
    pr, rc, f1, _ = precision_recall_fscore_support(y, par, average="binary", zero_division=0)
    return {"n": len(rows), "partisan": int(y.sum()), "neutral": int(neutral.sum()), "non_political": int(nonpol.sum()),
            "partisan_precision": round(float(pr), 4), "partisan_recall": round(float(rc), 4),
            "partisan_f1": round(float(f1), 4),
            "neutral_flagged_partisan": round(float(par[neutral].mean()), 4) if neutral.any() else None,
            "non_political_flagged_political": round(float(pol[nonpol].mean()), 4) if nonpol.any() else None,
            "non_attack_flagged_hate": round(float((scores["hate"] >= thresholds["hate"])[calm].mean()), 4),
            "neutral_flagged_hate": round(float((scores["hate"] >= thresholds["hate"])[neutral].mean()), 4),
            "partisan_reliability": reliability(y, scores["partisan"], calibration.get("partisan"))}


def train_heads(datasets: dict[str, tuple[list[str], list[int]]], lexicon, config: dict | None = None,
                idf_texts: list[str] | None = None, cache: dict | None = None) -> dict:
    """Train one linear head per entry of ``datasets`` ({head: (texts, labels)}) on a shared hashed space.

    Returns a model dict: ``idf``, ``W`` (n_features x n_heads, float32), ``b``, ``heads``, ``n_bits``.
    ``cache``: text -> masked words, shared between calls with the same lexicon (cross-validation).
    """
    config = config or CONFIG
    vec = Vectorizer(config.get("n_bits", N_BITS))
    all_texts = idf_texts if idf_texts is not None else [t for texts, _ in datasets.values() for t in texts]
    feats_cache: dict[str, list[str]] = cache if cache is not None else {}

    def feats(texts):
        missing = [t for t in dict.fromkeys(texts) if t not in feats_cache]
        for t, f in zip(missing, featurize(missing, lexicon)):
            feats_cache[t] = f
        return [feats_cache[t] for t in texts]

    vec.fit_idf(feats(sorted(set(all_texts))))
    heads = list(datasets)
    W = np.zeros((vec.n_features, len(heads)), dtype=np.float32)
    b = np.zeros(len(heads), dtype=np.float32)
    for j, h in enumerate(heads):
        texts, labels = datasets[h]
        fs = feats(texts)
        if h == "hate":
            fs = [hate_words(f) for f in fs]
        X = vec.transform(fs)
        w, bias = fit_head(X, np.asarray(labels), config.get(h, {}).get("C", 4.0))
        if h == "hate":  # guarantee what the training words already ensure, hash collisions included
            w[hate_blind_columns(vec)] = 0.0
        W[:, j] = w
        b[j] = bias
    return {"idf": vec.idf, "W": W, "b": b, "heads": heads, "n_bits": vec.n_bits}


def hate_blind_columns(vec) -> np.ndarray:
    """Columns of the mask tokens' and stance markers' own features (word and character n-grams) and of
    the names in POLITICIAN_NAMES: their hate weight is zero."""
    from .features import CUE_TOKENS, MASK_TOKENS, char_ngrams, column

    feats = set()
    for w in (*MASK_TOKENS, *CUE_TOKENS, *POLITICIAN_NAMES):
        feats.add(f"w:{w}")
        if w in MASK_TOKENS or w in CUE_TOKENS:
            feats.update(g for g in char_ngrams(w) if len(g) >= 6)  # 4+ characters: "c: xpa" …
    return np.array(sorted({column(f, vec.n_features) for f in feats}), dtype=np.int64)


def model_hash(model: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"heads": list(model["heads"]), "n_bits": int(model["n_bits"])}, sort_keys=True).encode())
    for k in ("idf", "W", "b"):
        a = np.ascontiguousarray(model[k])
        h.update(k.encode())
        h.update(str(a.dtype).encode())
        h.update(str(a.shape).encode())
        h.update(a.tobytes())
    return h.hexdigest()


def save_model(model: dict, thresholds: dict, metrics: dict, out_dir: str = MODEL_DIR,
               calibration: dict | None = None) -> str:
    os.makedirs(out_dir, exist_ok=True)
    W = model["W"]
    # keep only rows that carry a weight: a compact sparse store
    rows = np.flatnonzero(np.any(W != 0, axis=1)).astype(np.int32)
    np.savez_compressed(os.path.join(out_dir, "heads.npz"), rows=rows, W=W[rows].astype(np.float16),
                        b=model["b"].astype(np.float32), idf=model["idf"].astype(np.float16))
    stored = load_arrays(out_dir)  # hash what a loader sees (float16 rounding included)
    digest = model_hash(stored)
    meta = {"heads": list(model["heads"]), "n_bits": int(model["n_bits"]), "thresholds": thresholds,
            "metrics": metrics, "sha256": digest, "config": CONFIG, "calibration": calibration or {}}
    with open(os.path.join(out_dir, "model.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1, sort_keys=True, ensure_ascii=False)
    return digest


def load_arrays(model_dir: str = MODEL_DIR) -> dict:
    with np.load(os.path.join(model_dir, "heads.npz")) as z:
        rows, Wc, b, idf = z["rows"], z["W"], z["b"], z["idf"]
    n_features = idf.shape[0]
    W = np.zeros((n_features, Wc.shape[1]), dtype=np.float32)
    W[rows] = Wc.astype(np.float32)
    meta_path = os.path.join(model_dir, "model.json")
    heads = list(HEADS)
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as fh:
            heads = json.load(fh)["heads"]
    return {"idf": idf.astype(np.float32), "W": W, "b": b.astype(np.float32), "heads": heads,
            "n_bits": int(np.log2(n_features))}


# ---------------------------------------------------------------- data sets per head
# Texts of the "non-political" sets that are in fact political (SmSA and IdSA hold political tweets and
# news): kept out of the negatives and of the false-positive figure. A keyword check, not a model.
POLITICAL_TERMS = re.compile(
    r"\b(presiden|wapres|jokowi|jokwi|prabowo|anies|ahok|ganjar|sby|ahy|megawati|mega|pilkada|pilpres|pileg|pemilu|"
    r"kpu|kpud|bawaslu|partai|parpol|capres|cawapres|cagub|caleg|kampanye|elektabilitas|pdip|pdi|gerindra|golkar|pks|"
    r"demokrat|nasdem|pkb|ppp|hanura|perindo|menteri|dpr|dprd|mpr|gubernur|bupati|walikota|wali kota|cebong\w*|"
    r"kampret|coblos|mencoblos|paslon|kandidat|koalisi|oposisi|rezim|pemerintah\w*|politik\w*|politisi|pki|"
    r"kabinet|istana|demo|tps|quick count|rizieq|fpi|khilafah|dki|susi|moeldoko|hatta|kursi)\b", re.I)


def is_political_by_terms(text: str) -> bool:
    return bool(POLITICAL_TERMS.search(text))


def political_data(base: str, label_fold_out: int | None = None):
    """(texts, labels, source) for the political-topic head."""
    pos, neg = [], []
    held = held_out_label_texts(base, label_fold_out)  # the hand labels' test tweets are never trained on
    capres = [t for t in load_capres(base) if t not in held]
    capres = sorted(capres, key=_h)[:8000]
    # Scraped by a candidate's name does not make a tweet political: one with no political word and no
    # contestant match ("alhamdulillah kegiatan berjalan lancar…", campaign groups' greetings) is no evidence
    # of politics (of the hand labels, 106 of 117 non-political tweets and 71 of 2,883 political ones lack both)
    from .lexicon import Lexicon

    lex = Lexicon.builtin()
    capres = [t for t in capres if is_political_by_terms(t) or any(not m.weak for m in lex.match(t))]
    pos += [(t, "capres") for t in capres]
    pos += [(t, "hoaxtitles") for t, _, _ in load_hoax_titles(base)]
    tbh = load_turnbackhoax(base)
    pos += [(t, "tbh_politics") for t, c in tbh if c == "politics"]
    neg += [(t, "tbh_other") for t, c in tbh if c != "politics"]
    pos += [(t, "stance") for t in load_stance_articles(base)]
    neg += [(t, "smsa") for t in load_smsa(base, "train")]
    neg += [(t, "emot") for t in load_emot(base, "train")]
    neg += [(t, "nusax") for t in load_nusax(base, "train")]
    neg += [(t, "idsa") for t in sorted(load_idsa(base), key=_h)[:4000]]
    neg = [(t, s) for t, s in neg if not is_political_by_terms(t)]
    texts = [t for t, _ in pos] + [t for t, _ in neg]
    labels = [1] * len(pos) + [0] * len(neg)
    src = [s for _, s in pos] + [s for _, s in neg]
    return texts, labels, src


def held_out_label_texts(base: str, label_fold_out: int | None = None) -> set[str]:
    """Texts of the hand-labelled tweets of the test split, and of the non-test ones in fold ``label_fold_out``."""
    if not os.path.exists(LABELS):
        return set()
    return {r["text"] for r in load_labels(base) if r["split"] == "test" or r["fold"] == label_fold_out}


def label_rows(base: str, split: str = "train") -> list[dict]:
    """Hand-labelled real tweets of one split (see labels/GUIDELINE.md)."""
    if not os.path.exists(LABELS):
        return []
    return [r for r in load_labels(base) if r["split"] == split]


def fit_label_rows(base: str, label_fold_out: int | None = None) -> list[dict]:
    """The hand labels the heads are trained on: train and dev splits (since the fourth round of issue 15
    dev is no longer held out: out-of-fold scores choose the thresholds, ``real_oof``), without fold
    ``label_fold_out``."""
    if not os.path.exists(LABELS):
        return []
    return [r for r in load_labels(base) if r["split"] != "test" and r["fold"] != label_fold_out]


# How many times the hand-labelled real tweets count in training (they are few and closest to the task).
REAL_WEIGHT = {"political": 2, "partisan": 10, "hate": 1}


def project_rows(base: str | None):
    rows = [dict(r, source="examples") for r in load_examples()]
    if base:
        rows += [dict(r, source="asn") for r in load_asn(base)]
    return rows


def build_datasets(base: str, fold_out: int | None = None, heads=HEADS, label_fold_out: int | None = None):
    """The heads' training sets; rows in fold ``fold_out`` are held out, and the hand labels of fold
    ``label_fold_out`` (``label_fold``)."""
    ptexts, plabels, psrc = political_data(base, label_fold_out) if "political" in heads else ([], [], [])
    prj = project_rows(base)
    train_prj = [r for r in prj if fold_out is None or r["source"] != "asn" or split_of(r["text"]) != fold_out]
    # political
    pol_t, pol_y = [], []
    for t, y, s in zip(ptexts, plabels, psrc):
        if fold_out is not None and split_of(t) == fold_out:
            continue
        pol_t.append(t)
        pol_y.append(y)
    for _ in range(3):  # the project's examples are closest to the task: weigh them up
        for r in train_prj:
            pol_t.append(r["text"])
            pol_y.append(int(r["label"] != "non_political"))
    # partisan
    par_t, par_y = [], []
    for _ in range(2):
        for r in train_prj:
            par_t.append(r["text"])
            par_y.append(int(r["label"] == "partisan"))
    # neutral news headlines and non-political texts are not partisan
    news = [t for t, hoax, _ in load_hoax_titles(base) if not hoax]
    news = [t for t in sorted(news, key=_h)[:1500] if fold_out is None or split_of(t) != fold_out]
    par_t += news
    par_y += [0] * len(news)
    other = sorted(load_smsa(base, "train") + load_emot(base, "train"), key=_h)[:1500]
    par_t += other
    par_y += [0] * len(other)
    # hate (HS1 added below when asked for)
    hate_t, hate_y = [], []
    for _ in range(2):
        for r in train_prj:
            hate_t.append(r["text"])
            hate_y.append(int(r.get("hate") or 0))
    # hand-labelled real tweets (train and dev splits, never test); with ``fold_out`` also without the ones
    # in that fold by text, which are among the political head's held-out capres tweets
    real = [r for r in fit_label_rows(base, label_fold_out) if fold_out is None or split_of(r["text"]) != fold_out]
    for _ in range(REAL_WEIGHT["political"]):
        pol_t += [r["text"] for r in real]
        pol_y += [int(r["label"] != "non_political") for r in real]
    for _ in range(REAL_WEIGHT["partisan"]):
        par_t += [r["text"] for r in real]
        par_y += [int(r["label"] == "partisan") for r in real]
    # real mentions that are not attacks are not hate: the head must not read "dukung", "menang" or a
    # campaign's words as abuse (HS1's hateful tweets are full of 2019 campaign talk)
    hate_t += [r["text"] for r in real if r.get("stance") != "attack"]
    hate_y += [0 for r in real if r.get("stance") != "attack"]
    out = {"political": (pol_t, pol_y), "partisan": (par_t, par_y)}
    if "hate" in heads:
        hs = load_hs1(base)
        out["hate"] = ([t for t, _ in hs] + hate_t, [y for _, y in hs] + hate_y)
    return {h: out[h] for h in heads}


def partisan_oof(base: str, lexicon, config: dict | None = None):
    """Out-of-fold partisan scores of the asn-style examples (5 folds by text hash)."""
    from .model import Detector

    asn = load_asn(base)
    p = np.zeros(len(asn))
    folds = np.array([split_of(r["text"]) for r in asn])
    for k in range(5):
        ds = build_datasets(base, fold_out=k, heads=("partisan",))
        m = train_heads(ds, lexicon, config)
        det = Detector.from_arrays(m, {}, lexicon=lexicon)
        idx = np.flatnonzero(folds == k)
        p[idx] = det.scores([asn[i]["text"] for i in idx])["partisan"]
    y = np.array([int(r["label"] == "partisan") for r in asn])
    return p, y, folds


def real_oof(base: str, lexicon, heads=HEADS, config: dict | None = None):
    """Out-of-fold scores of the hand labels the heads are trained on (train + dev splits): for each of the
    LABEL_FOLDS folds (``label_fold``), the heads retrained without that fold's tweets score them. Returns
    (rows, {head: scores}, (partisan gate, political anchor)); the thresholds and the calibration are chosen
    on these scores, and the final model is trained on every one of these labels."""
    from .model import Detector

    rows = fit_label_rows(base)
    scores = {h: np.zeros(len(rows)) for h in heads}
    folds = np.array([r["fold"] for r in rows])
    cache: dict = {}  # the words of a text do not depend on the fold
    det = None
    for k in range(LABEL_FOLDS):
        t0 = time.time()
        model = train_heads(build_datasets(base, heads=heads, label_fold_out=k), lexicon, config, cache=cache)
        det = Detector.from_arrays(model, {}, lexicon=lexicon)
        idx = np.flatnonzero(folds == k)
        s = det.scores([rows[i]["text"] for i in idx])
        for h in heads:
            scores[h][idx] = s[h]
        print(f"real-tweet fold {k}: {len(idx)} tweets held out, {time.time() - t0:.0f}s", flush=True)
    gates = det.gates([r["text"] for r in rows]) if det else (np.zeros(0, bool), np.zeros(0, bool))
    return rows, scores, gates


# ---------------------------------------------------------------- hoax index
_HOAX_PREFIX = re.compile(r"^\s*(\[[^\]]*\]|\(?(salah|hoaks|hoax|disinformasi|misinformasi)\)?\s*[:\-–]?)\s*", re.I)


def build_hoax_index(base: str, out_dir: str = MODEL_DIR) -> int:
    from .hoax import HoaxIndex

    claims, seen = [], set()
    for t, cat in load_turnbackhoax(base):
        t = _HOAX_PREFIX.sub("", t).strip(" “”\"'")
        k = norm_mod.normalize_text(t)
        if len(k.split()) >= 3 and k not in seen:
            seen.add(k)
            claims.append({"text": t, "source": "turnbackhoax-2024", "category": cat})
    for t, hoax, link in load_hoax_titles(base):
        if not hoax:
            continue
        t = _HOAX_PREFIX.sub("", t).strip(" “”\"'")
        k = norm_mod.normalize_text(t)
        if len(k.split()) >= 3 and k not in seen:
            seen.add(k)
            claims.append({"text": t, "source": "hoax-pilpres2024-titles", "url": link})
    idx = HoaxIndex.build(claims)
    idx.save(out_dir)
    return len(claims)


# ---------------------------------------------------------------- main
def main(argv=None) -> int:
    from .lexicon import Lexicon

    base = shared_data_dir()
    if not os.path.isdir(base):
        print(f"shared data not found at {base} (set NETRAL_SHARED_DATA)", file=sys.stderr)
        return 2
    t0 = time.time()
    # 1. lexicons derived from the public slang lists, restricted to words of the training texts
    corpus = [t for t, _ in load_hs1(base)] + load_capres(base) + load_smsa(base, "train") + load_emot(base, "train") \
        + load_idsa(base) + [r["text"] for r in project_rows(base)] + [t for t, _ in load_turnbackhoax(base)] \
        + [t for t, _, _ in load_hoax_titles(base)]
    write_lexicons(base, corpus)
    lexicon = Lexicon.builtin()
    # 2. held-out evaluation: fold 0 of every set out, thresholds chosen on fold 1 of the training part
    metrics: dict = {}
    thresholds: dict = {}
    ds = build_datasets(base, fold_out=0)
    model = train_heads(ds, lexicon)
    from .model import Detector

    det = Detector.from_arrays(model, {h: 0.5 for h in HEADS}, lexicon=lexicon, hoax=None)
    ptexts, plabels, psrc = political_data(base)
    prj = project_rows(base)
    asn_out = [r for r in prj if r["source"] == "asn" and split_of(r["text"]) == 0]
    pol_out = [(t, y) for t, y in zip(ptexts, plabels) if split_of(t) == 0] + \
        [(r["text"], int(r["label"] != "non_political")) for r in asn_out]
    p = det.scores([t for t, _ in pol_out])["political"]
    _, anc_out = det.gates([t for t, _ in pol_out])
    y = np.array([y for _, y in pol_out])
    thresholds["political"] = best_threshold(y, p)
    metrics["political_f1_heldout"] = round(f1_score(y, p >= thresholds["political"]), 4)
    metrics["political_reliability_fold0"] = reliability(y, p)
    calibration = {"political": fit_calibration(y, p)}
    hs_out = [(t, yy) for t, yy in load_hs1(base) if split_of(t) == 0]
    # the hate head above saw all HS1: use the official fold instead for its threshold
    f = load_hs1_fold(base, 0)
    real_train = [r for r in fit_label_rows(base) if r.get("stance") != "attack"]
    hmodel = train_heads({"hate": ([t for t, _ in f["train"]] + [r["text"] for r in prj] + [r["text"] for r in real_train],
                                   [y for _, y in f["train"]] + [int(r.get("hate") or 0) for r in prj]
                                   + [0] * len(real_train))},
                         lexicon)
    hdet = Detector.from_arrays(hmodel, {"hate": 0.5}, lexicon=lexicon, hoax=None)
    ph = hdet.scores([t for t, _ in f["dev"]])["hate"]
    thresholds["hate"] = best_threshold(np.array([y for _, y in f["dev"]]), ph)
    pt = hdet.scores([t for t, _ in f["test"]])["hate"]
    metrics["hate_f1_hs1_fold0"] = round(f1_score([y for _, y in f["test"]], pt >= thresholds["hate"]), 4)
    del hs_out
    fp = {}
    for name, texts in (("smsa", load_smsa(base, "valid")), ("nusax", load_nusax(base, "valid")),
                        ("emot", load_emot(base, "valid"))):
        texts = [t for t in texts if not is_political_by_terms(t)]
        s = det.scores(texts)
        fp[name] = round(float(np.mean(s["political"] >= thresholds["political"])), 4)
    metrics["political_fp_valid"] = fp
    print("held-out:", json.dumps(metrics), "thresholds:", json.dumps(thresholds), flush=True)
    # 3. final models on everything but the hand labels' test tweets
    final = train_heads(build_datasets(base, fold_out=None), lexicon)
    fdet = Detector.from_arrays(final, {h: 0.5 for h in HEADS}, lexicon=lexicon, hoax=None)
    # 4. real tweets: thresholds and calibration on the out-of-fold scores of the train + dev labels (fourth
    # round of issue 15; before: the final model's scores of the 650 dev tweets), figures on test (never
    # trained or tuned on)
    rows, so, (gate_o, anc_o) = real_oof(base, lexicon)
    test = label_rows(base, "test")
    if rows and test:
        # the choices are made on the random sample's tweets: the population the targets are about (the
        # chosen rows of rounds 3 and 4 are boundary cases, trained on and scored, but not representative)
        smp = np.array([r["sampled"] for r in rows])
        ch = [r for r, k in zip(rows, smp) if k]
        sc = {h: v[smp] for h, v in so.items()}
        gate_c, anc_c = gate_o[smp], anc_o[smp]
        yc = np.array([int(r["label"] == "partisan") for r in ch])
        neutral_c = np.array([r["label"] == "election_neutral" for r in ch])
        # a text without something to campaign about is never partisan (Detector._partisan_gate)
        # the two targets as the rule: the best F1 among the thresholds that flag at most 10 % of the
        # election-neutral tweets (third round of issue 15; before: the highest threshold with F1 >= 0.85)
        thresholds["partisan"] = partisan_threshold(yc, sc["partisan"] * gate_c, neutral_c, max_neutral=0.10)
        nonpol_c = np.array([r["label"] == "non_political" for r in ch])
        thresholds["political_bare"] = political_bare_threshold(
            thresholds["political"], sc["political"], anc_c, (sc["partisan"] >= thresholds["partisan"]) & gate_c,
            nonpol_c, p, anc_out, y)
        held = np.where(anc_out, p >= thresholds["political"], p >= thresholds["political_bare"])
        metrics["political_f1_heldout_bare_rule"] = round(f1_score(y, held), 4)
        metrics["partisan_threshold_rule"] = ("best out-of-fold F1 with <= 10 % of the neutral tweets flagged "
                                              "(train + dev labels of the random sample, 5 folds by id)")
        calibration["partisan"] = fit_calibration(yc, sc["partisan"])
        # hate: no more than 1 % of the real tweets that attack nobody flagged (HS1's threshold flags
        # ordinary campaign talk); the HS1 figure is reported at the threshold finally used
        calm_c = np.array([r.get("stance") != "attack" for r in ch])
        th_h = thresholds["hate"]
        while th_h < 0.95 and float(np.mean(sc["hate"][calm_c] >= th_h)) > 0.01:
            th_h = round(th_h + 0.01, 2)
        thresholds["hate"] = th_h
        metrics["hate_f1_hs1_fold0_final_threshold"] = round(f1_score([y for _, y in f["test"]], pt >= th_h), 4)
        metrics["partisan_reliability_oof"] = reliability(yc, sc["partisan"], calibration["partisan"])
        metrics["real_oof"] = real_tweet_metrics(ch, sc, thresholds, calibration, (gate_c, anc_c))
        metrics["real_oof_all"] = real_tweet_metrics(rows, so, thresholds, calibration, (gate_o, anc_o))
        dev = [i for i, r in enumerate(ch) if r["split"] == "dev"]
        metrics["real_oof_dev"] = real_tweet_metrics([ch[i] for i in dev], {h: v[dev] for h, v in sc.items()},
                                                     thresholds, calibration, (gate_c[dev], anc_c[dev]))
        print("real tweets, out of fold:", json.dumps({k: v for k, v in metrics["real_oof"].items()
                                                        if k != "partisan_reliability"}),
              "thresholds:", json.dumps(thresholds), flush=True)
        st = fdet.scores([r["text"] for r in test])
        metrics["real_test"] = real_tweet_metrics(test, st, thresholds, calibration,
                                                  fdet.gates([r["text"] for r in test]))
    else:  # no shared labels: the written examples decide
        oof_p, oof_y, _ = partisan_oof(base, lexicon)
        thresholds["partisan"] = best_threshold(oof_y, oof_p)
    oof_p, oof_y, fold_ids = partisan_oof(base, lexicon)
    metrics["partisan_f1_asn_5fold"] = round(float(np.mean(
        [f1_score(oof_y[fold_ids == k], oof_p[fold_ids == k] >= thresholds["partisan"]) for k in range(5)])), 4)
    print("real tweets:", json.dumps(metrics.get("real_test")), "thresholds:", json.dumps(thresholds), flush=True)
    n_claims = build_hoax_index(base)
    from .hoax import HoaxIndex

    thresholds["hoax"] = HoaxIndex.DEFAULT_THRESHOLD
    metrics["hoax_claims"] = n_claims
    digest = save_model(final, thresholds, metrics, calibration=calibration)
    size = sum(os.path.getsize(os.path.join(MODEL_DIR, f)) for f in os.listdir(MODEL_DIR))
    print(f"model sha256 {digest}  size {size / 1e6:.2f} MB  claims {n_claims}  time {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
