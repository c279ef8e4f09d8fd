"""The detector: normalise, match the lexicon, score the heads, match hoaxes, explain."""

from __future__ import annotations

import gc
import json
import os
import re
from dataclasses import asdict, dataclass, field

import numpy as np

from . import text as norm_mod
from .features import (CUE_CALL, CUE_MEDIA, CUE_NO_TARGET, CUE_REPORT, CUE_SURVEY, CUE_WISH, MASK_NUMBER, MASK_PARTY, MASK_PASLON,
                       Vectorizer, masked_words, word_pairs)
from .hoax import HoaxIndex
from .lexicon import _ELECTION_WORDS as ELECTION_WORDS
from .lexicon import POLITICAL_WORDS
from .lexicon import Lexicon, Match

MODEL_DIR = os.path.join(os.path.dirname(__file__), "model")
INTERACTIONS = ("post", "comment", "share", "like")

# cues for the suggested SKB item of a partisan *post* (own content)
_SKB_RULES = [
    ("biased_decision", re.compile(
        r"\b(arahan|instruksi|perintah) (pimpinan|atasan|kepala)|\b(bawahan|staf|pegawai)\w* (wajib|harus) (pilih|coblos|dukung)"
        r"|(tidak|gak|nggak|ga) (pilih|coblos|dukung)\w* .{0,30}(jabatan|mutasi|tunjangan|kontrak)")),
    ("party_membership", re.compile(r"\b(kader|anggota|pengurus|simpatisan|kartu tanda anggota|kta)\b.{0,25}\b(partai|xpartaix|dpc|dpd|dpw)|\b(xpartaix|partai)\b.{0,15}\b(kader|pengurus)\b")),
    ("banner", re.compile(r"\b(baliho|spanduk|stiker|bendera|poster|billboard|umbul)\b.{0,40}\b(pasang|tempel|dipasang|ditempel|pasangin)|\b(pasang|tempel|memasang)\w*\b.{0,30}\b(baliho|spanduk|stiker|bendera|poster|umbul)")),
    ("attend_campaign", re.compile(r"\b(kampanye akbar|rapat umum|deklarasi|konser kampanye|hadir di kampanye|ikut kampanye|datang ke kampanye|ramaikan kampanye)")),
    ("partisan_activity", re.compile(r"\b(bagi bagi|membagikan|bagikan|sembako|relawan|posko|tim pemenangan|tim sukses|timses|konsolidasi|undangan|grup wa|grup whatsapp|kumpul|pertemuan|rapat)\b")),
    ("photo_with_candidate", re.compile(r"\b(foto|selfie|wefie|pose|berfoto|poto)\b|[☝✌🤟👌]|\bjari\b")),
]

# Words one of which each rule needs (a necessary condition, checked with fast substring tests
# before the slower regular expression runs).
_SKB_NEEDS = {
    "biased_decision": ("arahan", "instruksi", "perintah", "wajib", "harus", "jabatan", "mutasi", "tunjangan",
                        "kontrak"),
    "party_membership": ("kader", "anggota", "pengurus", "simpatisan", "kta"),
    "banner": ("baliho", "spanduk", "stiker", "bendera", "poster", "billboard", "umbul"),
    "attend_campaign": ("kampanye", "rapat umum", "deklarasi"),
    "partisan_activity": ("bagi", "sembako", "relawan", "posko", "tim ", "timses", "konsolidasi", "undangan", "grup",
                          "kumpul", "pertemuan", "rapat"),
    "photo_with_candidate": ("foto", "selfie", "wefie", "pose", "poto", "jari", "☝", "✌", "🤟", "👌"),
}


@dataclass
class Result:
    political: bool
    partisan: bool
    hate: bool
    hoax: bool
    scores: dict
    targets: list
    skb_item: str | None
    evidence: list = field(default_factory=list)
    # calibrated probabilities (isotonic, fitted on held-out labels) of the political and partisan heads
    calibrated: dict = field(default_factory=dict)
    # how unsure the decision is, 0..1 (1 = a calibrated probability of 0.5 on the head that decides);
    # ``uncertain`` when it is at least UNCERTAIN_AT: the triage queue can put those first
    uncertainty: float = 0.0
    uncertain: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def _model_meta(model_dir: str = MODEL_DIR) -> dict:
    path = os.path.join(model_dir, "model.json")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def suggest_skb_item(interaction: str, masked_text: str) -> str:
    """Suggested key of the SKB table for a partisan content item."""
    if interaction in ("like", "share", "comment", "follow"):
        return "post_comment_share_like"
    if interaction == "photo":  # text read from an image (OCR) or a photo's caption
        return "photo_with_candidate"
    for key, rx in _SKB_RULES:
        if any(w in masked_text for w in _SKB_NEEDS[key]) and rx.search(masked_text):
            return key
    return "socmed_campaign"


#: A text is ``uncertain`` when the calibrated probability of its deciding head lies in [0.25, 0.75].
UNCERTAIN_AT = 0.5

_LOG2 = float(np.log(2.0))
_MASK_SHOWN = {MASK_PASLON: "[paslon]", MASK_PARTY: "[partai]", MASK_NUMBER: "[nomor]", CUE_REPORT: "[pemberitaan]",
               CUE_MEDIA: "[media]", CUE_SURVEY: "[survei]", CUE_CALL: "[ajakan]", CUE_WISH: "[doa]",
               CUE_NO_TARGET: "[tanpa nama]"}


def _partisan_gate(matches, words) -> bool:
    """Campaigning needs something to campaign about: a contestant, party, ballot number, listed hashtag or
    slogan, or an election word."""
    return not ELECTION_WORDS.isdisjoint(words) or any(not m.weak and m.mask != "" for m in matches)


def _anchored(matches, words) -> bool:
    """A strong lexicon match or a political word (POLITICAL_WORDS). A weak match ("amin", "lanjutkan",
    "PKB", a finger emoji) or a number after "nomor" ("peringkat nomor 1", "nomor 3 yang warna merah") is
    everyday language as often as politics: it does not anchor a text (it still lets a text be partisan)."""
    return any(not m.weak and m.kind not in ("ambiguous", "ballot") for m in matches) \
        or not POLITICAL_WORDS.isdisjoint(words)


class Detector:
    """Load once per process, then call :meth:`classify` or :meth:`classify_many`."""

    def __init__(self, model: dict, thresholds: dict, lexicon: Lexicon | None = None,
                 hoax: HoaxIndex | None = None, meta: dict | None = None):
        self.heads = list(model["heads"])
        self.vec = Vectorizer(model["n_bits"], idf=model["idf"])
        self.W = np.ascontiguousarray(model["W"], dtype=np.float32)
        self.b = np.asarray(model["b"], dtype=np.float32)
        self.thresholds = {h: float(thresholds.get(h, 0.5)) for h in self.heads}
        self.thresholds["hoax"] = float(thresholds.get("hoax", HoaxIndex.DEFAULT_THRESHOLD))
        # political score needed by a text with no political anchor (no lexicon match, no POLITICAL_WORDS);
        # a model without it uses the political threshold for every text
        self.thresholds["political_bare"] = float(thresholds.get("political_bare", self.thresholds.get("political", 0.5)))
        self.lexicon = lexicon if lexicon is not None else Lexicon.builtin()
        self.hoax_index = hoax
        self.meta = meta or {}
        self.calibration = (meta or {}).get("calibration") or {}
        self._wscore: dict[str, list] = {}
        # idf x weight per column and head: an explanation's contributions are rows of it
        self._cw = self.vec.idf[:, None] * self.W

    # -- construction --------------------------------------------------------------
    @classmethod
    def load(cls, lexicon: Lexicon | None = None, model_dir: str = MODEL_DIR) -> "Detector":
        from .train import load_arrays

        model = load_arrays(model_dir)
        meta = _model_meta(model_dir)
        return cls(model, meta.get("thresholds", {}), lexicon=lexicon, hoax=HoaxIndex.load(model_dir), meta=meta)

    @classmethod
    def from_arrays(cls, model: dict, thresholds: dict, lexicon: Lexicon | None = None,
                    hoax: HoaxIndex | None = None) -> "Detector":
        return cls(model, thresholds, lexicon=lexicon, hoax=hoax)

    # -- internals -----------------------------------------------------------------
    def _analyze(self, texts: list[str]):
        norms, matches, words = [], [], []
        for t in texts:
            n = self.lexicon.normalize(t or "")
            m = self.lexicon.match(n, hidden=True)
            norms.append(n)
            matches.append(m)
            words.append(masked_words(n, m))
        return norms, matches, words

    def _head_scores(self, words, pairs=None):
        X, norms = self.vec.weight_with_norms(self.vec.counts(words, pairs))
        Z = np.asarray(X @ self.W) + self.b
        P = 1.0 / (1.0 + np.exp(-Z))
        return norms, P

    def _prepare_scores(self, words_list: list[list[str]]) -> None:
        """Cache the per-head weight of every new word of these texts, in one numpy pass.

        A word's weight is the sum over its own features (unigram + character n-grams) of
        idf x weight; a pair's is that of its bigram column, read per text from ``self._cw``.
        The texts are part of a batch that :meth:`_head_scores` has just vectorised, so their
        words' and pairs' columns are in the vectoriser's caches."""
        ws = self._wscore
        if len(ws) > 200_000:
            ws.clear()
        new_words = {w: None for words in words_list for w in words if w not in ws}
        if new_words:
            arrs = [self.vec.word_cache[w] for w in new_words]
            starts = np.cumsum([0] + [len(x) for x in arrs[:-1]])  # every word has >= 1 column
            cols = np.concatenate(arrs)
            sums = np.add.reduceat(self._cw[cols], starts, axis=0)
            ws.update(zip(new_words, sums.tolist()))

    def gates(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per text: may it be partisan (something to campaign about) and is it anchored in politics (a lexicon
        match or a political word); the decision rules of :meth:`classify_many`, for training and figures."""
        _, matches, words = self._analyze(texts)
        par = np.array([_partisan_gate(m, w) for m, w in zip(matches, words)], dtype=bool)
        anc = np.array([_anchored(m, w) for m, w in zip(matches, words)], dtype=bool)
        return par, anc

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Raw head probabilities (no thresholds, no hoax): used by training and the benchmark."""
        _, _, words = self._analyze(texts)
        _, P = self._head_scores(words)
        return {h: P[:, j] for j, h in enumerate(self.heads)}

    def _top_features(self, norm: float, words: list[str], pairs: list[str], head: int, k: int = 3) -> list[dict]:
        """Strongest words and word pairs for ``head``: a word counts with its character n-grams.

        Contributions are those of a single occurrence (log(2) * idf * weight / row norm); repeated
        n-grams inside one text are not summed, so the figure is a close approximation."""
        ws = self._wscore
        cand = {w: ws[w][head] for w in words}
        if pairs:
            pc = self.vec.pair_cache
            cols = np.fromiter((pc[g] for g in pairs), dtype=np.int64, count=len(pairs))
            cand.update(zip(pairs, self._cw[cols, head].tolist()))
        scale = _LOG2 / float(norm or 1.0)
        out = []
        for feat in sorted(cand, key=cand.__getitem__, reverse=True)[:k]:  # = heapq.nlargest, faster here
            v = cand[feat]
            if v <= 0:
                break
            shown = " ".join(_MASK_SHOWN.get(x, x) for x in feat.split())
            out.append({"type": "feature", "head": self.heads[head], "feature": shown, "weight": round(v * scale, 4)})
        return out

    # -- public API ----------------------------------------------------------------
    def classify_many(self, texts: list[str], interactions: list[str | None] | None = None,
                      explain: bool = True) -> list[Result]:
        # A batch allocates many short-lived objects (tokens, spans, dicts) but creates no reference
        # cycles; with the cyclic GC on, its full passes over the large word caches cost about a third
        # of the time. Pause it for the batch and restore the caller's setting.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._classify_many(texts, interactions, explain)
        finally:
            if was_enabled:
                gc.enable()

    def _classify_many(self, texts, interactions, explain) -> list[Result]:
        texts = list(texts)
        if not texts:
            return []
        interactions = list(interactions) if interactions is not None else ["post"] * len(texts)
        norms_t, matches, words = self._analyze(texts)
        pairs = [word_pairs(w) for w in words]
        rnorm, P = self._head_scores(words, pairs)
        hi = {h: j for j, h in enumerate(self.heads)}
        if self.hoax_index is not None:
            hs, harg = self.hoax_index.query([n.text.split() for n in norms_t])
        else:
            hs, harg = np.zeros(len(texts), dtype=np.float32), np.full(len(texts), -1)
        th = self.thresholds
        if explain:
            flagged = np.zeros(len(texts), dtype=bool)
            for h in ("political", "partisan", "hate"):
                if h in hi:
                    flagged |= P[:, hi[h]] >= th.get(h, 0.5)
            idx = np.flatnonzero(flagged)
            self._prepare_scores([words[i] for i in idx])
        out: list[Result] = []
        # plain Python numbers: indexing numpy arrays element by element is slow
        zeros = [0.0] * len(texts)
        cols = {h: P[:, j].tolist() for j, h in enumerate(self.heads)}
        pol_l, par_l, hate_l = (cols.get(h, zeros) for h in ("political", "partisan", "hate"))
        hs_l, harg_l, rnorm_l = hs.tolist(), harg.tolist(), rnorm.tolist()
        th_par, th_pol, th_hate, th_hoax = (th.get(h, 0.5) for h in ("partisan", "political", "hate", "hoax"))
        th_bare = th.get("political_bare", th_pol)
        cal = self.calibration
        cal_pol = (np.interp(pol_l, cal["political"]["x"], cal["political"]["y"]).tolist()
                   if cal.get("political") else pol_l)
        cal_par = (np.interp(par_l, cal["partisan"]["x"], cal["partisan"]["y"]).tolist()
                   if cal.get("partisan") else par_l)
        for i in range(len(texts)):
            pol, par, hate, hsc = pol_l[i], par_l[i], hate_l[i], hs_l[i]
            # campaigning needs something to campaign about: a contestant, party, ballot number, listed
            # hashtag or slogan, or an election word. Without one ("Semoga Allah ganjar kebaikanmu", a
            # family photo with ✌) the partisan head's words alone do not make a text partisan.
            is_partisan = par >= th_par and _partisan_gate(matches[i], words[i])
            # no lexicon match and no political word: the political head alone must be surer ("Ganjar pahala
            # bagi yang bersedekah", a campaign group's greeting without a name, a community event)
            anchored = th_bare <= th_pol or _anchored(matches[i], words[i])
            is_political = pol >= (th_pol if anchored else th_bare) or is_partisan
            is_hate = hate >= th_hate
            is_hoax = hsc >= th_hoax
            scores = {"political": round(max(pol, par) if is_partisan else pol, 4), "partisan": round(par, 4),
                      "hate": round(hate, 4), "hoax": round(hsc, 4)}
            inter = interactions[i] or "post"
            targets = self.lexicon.resolve_targets(matches[i], include_weak=True) if is_partisan else []
            skb = suggest_skb_item(inter, " ".join(words[i])) if is_partisan else None
            evidence: list[dict] = [m.to_dict() for m in matches[i] if m.kind != "ambiguous"]
            if explain:
                for h, flag in (("partisan", is_partisan), ("political", is_political and not is_partisan),
                                ("hate", is_hate)):
                    if flag and h in hi:
                        evidence.extend(self._top_features(rnorm_l[i], words[i], pairs[i], hi[h]))
            if harg_l[i] >= 0 and (is_hoax or hsc >= 0.75 * th_hoax):
                c = self.hoax_index.claims[harg_l[i]]
                ev = {"type": "hoax", "claim": c["text"], "source": c.get("source"), "score": round(hsc, 4)}
                if c.get("url"):
                    ev["url"] = c["url"]
                evidence.append(ev)
            # the deciding head: partisan for political texts, political otherwise
            cp, cq = cal_par[i], cal_pol[i]
            unc = 1.0 - abs(2.0 * (cp if is_political else cq) - 1.0)
            unc = round(min(1.0, max(0.0, unc)), 4)
            out.append(Result(is_political, is_partisan, is_hate, is_hoax, scores, targets, skb, evidence,
                              {"political": round(cq, 4), "partisan": round(cp, 4)}, unc, unc >= UNCERTAIN_AT))
        return out

    def classify(self, text: str, interaction: str | None = "post", explain: bool = True) -> Result:
        return self.classify_many([text], [interaction], explain=explain)[0]
