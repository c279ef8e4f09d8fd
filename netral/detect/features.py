"""Feature extraction shared by training and run time.

A text becomes a list of feature strings: word unigrams (``w:``), word bigrams (``b:``)
and character 2–5-grams inside word boundaries (``c:``), computed on the normalised text
in which contestant names, party names and ballot numbers are *masked* (replaced with
``xpaslonx``, ``xpartaix``, ``xnourutx``) so that the models learn campaign language, not
names. Feature strings are hashed (MurmurHash3 as scikit-learn's ``FeatureHasher`` does it,
stable across processes and platforms: :func:`column`) into ``2**n_bits`` columns, then weighted:
sublinear term frequency, inverse document frequency from the training corpus, L2 norm.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from .text import Normalized

MASK_PASLON = "xpaslonx"
MASK_PARTY = "xpartaix"
MASK_NUMBER = "xnourutx"
MASK_TOKENS = (MASK_PASLON, MASK_PARTY, MASK_NUMBER)

# Stance cues (issue 15): marker words added to a text's words when it *reports* (attribution, a news
# outlet, a survey) or *campaigns* (a call to vote, a prayer/wish). The words themselves are features
# already; one marker per kind pools the many rare forms ("ujarnya", "tuturnya", "sindonews"…) into one
# feature the partisan head can weigh (dev F1 at <= 10 % neutral flagged 0.79 -> 0.83, docs/detector.md).
CUE_REPORT, CUE_MEDIA, CUE_SURVEY, CUE_CALL, CUE_WISH = "xlaporx", "xmediax", "xsurveix", "xajakx", "xdoax"
# No contestant, party or ballot number named (third round of issue 15): a wish or a call without a name
# ("semoga bapak jadi presiden", "mari menangkan beliau") names no side (labels/GUIDELINE.md)
CUE_NO_TARGET = "xtanpanamax"
CUE_TOKENS = (CUE_REPORT, CUE_MEDIA, CUE_SURVEY, CUE_CALL, CUE_WISH, CUE_NO_TARGET)
_REPORT_WORDS = frozenset("""ujarnya ucapnya tuturnya ungkapnya imbuhnya pungkasnya katanya jelasnya tegasnya
menurut dikutip dilansir wartawan""".split())
_REPORT_VERBS = frozenset("kata ujar ucap tutur ungkap jelas tegas imbuh terang sebut papar pungkas".split())
_REPORT_SUBJECTS = frozenset(("dia beliau ketua sekjen wakil anggota pengamat direktur juru jubir politikus politisi "
                              f"{MASK_PASLON} {MASK_PARTY}").split())
_REPORT_PAIRS = frozenset({("keterangan", "tertulis"), ("konferensi", "pers")})
_MEDIA_WORDS = frozenset("""sindonews cnn tempo okezone liputan republika kumparan jpnn tvone cnbc sindo beritasatu
jawapos news detik detikcom detiknews kompas kompascom kompastv tribun tribunnews antaranews inews rmol""".split())
_SURVEY_WORDS = frozenset("survei survey elektabilitas responden persen".split())
_CALL_WORDS = frozenset("ayo yuk mari pilih coblos dukung menangkan lanjutkan".split())
_WISH_WORDS = frozenset("semoga amin aamiin insyaallah".split())


def stance_cues(words: list[str]) -> list[str]:
    """The stance marker words of a text's (masked) words: see CUE_TOKENS."""
    ws = set(words)
    out = []
    report = not _REPORT_WORDS.isdisjoint(ws)
    if not report and (not _REPORT_VERBS.isdisjoint(ws) or "tertulis" in ws or "pers" in ws):
        for a, b in zip(words, words[1:]):
            if (a in _REPORT_VERBS and b in _REPORT_SUBJECTS) or (a, b) in _REPORT_PAIRS:
                report = True
                break
    if report:
        out.append(CUE_REPORT)
    if not _MEDIA_WORDS.isdisjoint(ws):
        out.append(CUE_MEDIA)
    if not _SURVEY_WORDS.isdisjoint(ws):
        out.append(CUE_SURVEY)
    if not _CALL_WORDS.isdisjoint(ws):
        out.append(CUE_CALL)
    if not _WISH_WORDS.isdisjoint(ws) or ("insya" in ws and "allah" in ws):
        out.append(CUE_WISH)
    if MASK_PASLON not in ws and MASK_PARTY not in ws and MASK_NUMBER not in ws:
        out.append(CUE_NO_TARGET)
    return out

def column(feature: str, n_features: int) -> int:
    """Column of a feature string: the index scikit-learn's ``FeatureHasher`` (MurmurHash3, seed 0,
    no alternate sign) gives it. Called directly it costs a quarter of a hasher call per string.

    ``n_features`` is a power of two, so the hasher's special case for -2**31 also gives 0 here."""
    return abs(murmurhash3_32(feature, 0)) % n_features


_CHAR_CACHE: dict[str, list[str]] = {}
_CACHE_MAX = 200_000


def char_ngrams(tok: str, lo: int = 2, hi: int = 5) -> list[str]:
    out = _CHAR_CACHE.get(tok)
    if out is not None:
        return out
    p = f" {tok} "
    n = len(p)
    out = [f"c:{p[i:i + k]}" for k in range(lo, hi + 1) for i in range(0, n - k + 1)]
    if len(_CHAR_CACHE) < _CACHE_MAX:
        _CHAR_CACHE[tok] = out
    return out


def row_norms(data: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """L2 norm of each row of a CSR matrix given its data and row lengths; 1 for an empty row.

    bincount, not ``np.add.reduceat``, which fails when the last row is empty (a text with no
    features, e.g. only punctuation, at the end of a batch)."""
    rows = np.repeat(np.arange(lens.shape[0]), lens)
    norms = np.sqrt(np.bincount(rows, weights=data.astype(np.float64) ** 2, minlength=lens.shape[0]))
    norms[norms == 0] = 1.0
    return norms


def word_pairs(words: list[str]) -> list[str]:
    """The word bigrams of a text, as "a b" strings."""
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def feature_strings(words: list[str]) -> list[str]:
    feats = [f"w:{w}" for w in words]
    feats.extend(f"b:{a} {b}" for a, b in zip(words, words[1:]))
    for w in words:
        feats.extend(char_ngrams(w))
    return feats  # the Vectorizer hashes the same strings, word by word (see Vectorizer.counts)


def masked_words(norm: Normalized, matches) -> list[str]:
    """Words of the normalised text with lexicon matches masked.

    ``matches`` are lexicon :class:`~netral.detect.lexicon.Match` objects (token ranges).
    """
    toks = [t.text for t in norm.tokens]
    extra: list[str] = []
    for m in matches:
        if m.mask == "":  # weak evidence left out of the words (a gesture without an election context)
            for i in range(m.tok_start, m.tok_end):
                toks[i] = ""
            continue
        if m.mask is None:
            if m.kind in ("slogan", "hashtag", "gesture"):
                extra.append(f"x{m.kind}x")
            continue
        if m.kind in ("name", "alias", "party") and norm.tokens[m.tok_start].kind == "hashtag":
            extra.append("xhashtagx")  # a contestant written as a hashtag (#AniesSandi): a campaign cue
        if m.kind == "ballot":
            # keep the context word ("coblos", "paslon", "no"), mask the number
            toks[m.tok_end - 1] = MASK_NUMBER
        else:
            toks[m.tok_start] = m.mask
            for i in range(m.tok_start + 1, m.tok_end):
                toks[i] = ""
    words: list[str] = []
    for t in toks:
        if not t:
            continue
        if " " in t:
            words.extend(t.split())
        else:
            words.append(t)
    # collapse runs of the same mask ("xpaslonx xpaslonx" from "Prabowo Gibran")
    out: list[str] = []
    for w in words:
        if out and w == out[-1] and w in MASK_TOKENS:
            continue
        out.append(w)
    return out + extra + stance_cues(out)


class Vectorizer:
    """Hashing + sublinear tf + idf + L2 normalisation.

    Column indices are those of scikit-learn's ``FeatureHasher`` (MurmurHash3, seed 0) for the
    feature strings of :func:`feature_strings`; they are computed per word and per bigram and
    cached, which makes run-time vectorising mostly array concatenation.
    """

    def __init__(self, n_bits: int = 20, idf: np.ndarray | None = None):
        self.n_bits = n_bits
        self.n_features = 2**n_bits
        self.idf = idf
        self.word_cache: dict[str, np.ndarray] = {}  # word -> columns of its unigram + char n-grams
        self.pair_cache: dict[str, int] = {}  # "a b" -> column of the bigram

    def fill(self, words_list: list[list[str]], pairs_list: list[list[str]]) -> None:
        """Hash every word and word pair of the batch not yet cached.

        Caching matters: most words recur, and a text's columns are then mostly array
        concatenation. ``pairs_list`` holds each text's :func:`word_pairs` (computed once per
        batch by the caller)."""
        wc, bc = self.word_cache, self.pair_cache
        if len(wc) > _CACHE_MAX:
            wc.clear()
        if len(bc) > _CACHE_MAX:
            bc.clear()
        new_words = {w: None for words in words_list for w in words if w not in wc}
        new_pairs = {g: None for pairs in pairs_list for g in pairs if g not in bc}
        nf = self.n_features
        for w in new_words:
            wc[w] = np.array([column(f, nf) for f in [f"w:{w}"] + char_ngrams(w)], dtype=np.int32)
        for g in new_pairs:
            bc[g] = column("b:" + g, nf)

    def counts(self, words_list: list[list[str]], pairs_list: list[list[str]] | None = None) -> sp.csr_matrix:
        if pairs_list is None:
            pairs_list = [word_pairs(w) for w in words_list]
        self.fill(words_list, pairs_list)
        wc, bc = self.word_cache, self.pair_cache
        n = len(words_list)
        word_arrs = [wc[w] for words in words_list for w in words]
        pair_cols = [bc[g] for pairs in pairs_list for g in pairs]
        # row of each column: words' columns in text order, then all pairs' columns
        n_words = np.fromiter((len(w) for w in words_list), dtype=np.int64, count=n)
        n_pairs = np.fromiter((len(p) for p in pairs_list), dtype=np.int64, count=n)
        arr_lens = np.fromiter((a.shape[0] for a in word_arrs), dtype=np.int64, count=len(word_arrs))
        rows = np.arange(n, dtype=np.int32)
        row = np.concatenate([np.repeat(np.repeat(rows, n_words), arr_lens), np.repeat(rows, n_pairs)])
        col = np.concatenate(word_arrs + [np.asarray(pair_cols, dtype=np.int32)])
        X = sp.csr_matrix((np.ones(col.shape[0], dtype=np.float32), (row, col)), shape=(n, self.n_features))
        X.sum_duplicates()
        return X

    def fit_idf(self, words_list: list[list[str]]) -> np.ndarray:
        X = self.counts(words_list)
        df = np.bincount(X.indices, minlength=self.n_features).astype(np.float64)
        n = X.shape[0]
        self.idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        return self.idf

    def weight(self, X: sp.csr_matrix) -> sp.csr_matrix:
        return self.weight_with_norms(X)[0]

    def weight_with_norms(self, X: sp.csr_matrix) -> tuple[sp.csr_matrix, np.ndarray]:
        X = X.astype(np.float32, copy=True)
        np.log1p(X.data, out=X.data)  # sublinear tf
        if self.idf is not None:
            X.data *= self.idf[X.indices]
        lens = np.diff(X.indptr)
        sq = row_norms(X.data, lens)
        X.data /= np.repeat(sq, lens).astype(np.float32)
        return X, sq

    def transform(self, words_list: list[list[str]]) -> sp.csr_matrix:
        return self.weight(self.counts(words_list))
