"""Similarity of a text to known hoax claims (turnbackhoax / MAFINDO claim titles).

Claims and texts become TF-IDF vectors of word unigrams and bigrams of the normalised,
*unmasked* text (names matter here), hashed into ``2**18`` columns. The score is the
cosine similarity to the closest claim; the claim, its source and its score are reported.
"""

from __future__ import annotations

import json
import os

import numpy as np
import scipy.sparse as sp

from . import text as norm_mod
from .features import column, row_norms

N_BITS = 18
_STOP = frozenset(
    "yang di dan ke dari ini itu dengan untuk pada adalah akan tidak ada dalam juga sudah saya kita kami "
    "oleh karena atau jadi bisa lebih telah agar saat bahwa para tersebut video foto beredar".split())


def hoax_keys(words: list[str]) -> list[str]:
    """Features of a text for hoax matching: its words but stop words and single letters, and
    their pairs ("a b"; a word never holds a space)."""
    ws = [w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())]
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]


class HoaxIndex:
    DEFAULT_THRESHOLD = 0.5

    def __init__(self, claims: list[dict], idf: np.ndarray, matrix: sp.csr_matrix):
        self.claims = claims
        self.idf = idf.astype(np.float32)
        self.matrix_t = matrix.T.tocsr().astype(np.float32)  # features x claims
        self._col_cache: dict[str, int] = {}

    # -- vectors -------------------------------------------------------------------
    def _columns(self, words_list: list[list[str]]) -> tuple[list[list[int]], list[int]]:
        """Each text's distinct feature columns (binary features) and its number of features.

        Columns are cached per word and per word pair and hashed directly
        (:func:`~netral.detect.features.column`: the columns of scikit-learn's FeatureHasher)."""
        cache = self._col_cache
        if len(cache) > 200_000:
            cache.clear()
        rows, n_feats = [], []
        for words in words_list:
            keys = hoax_keys(words)
            for k in keys:
                if k not in cache:
                    cache[k] = column(("b:" if " " in k else "w:") + k, 2**N_BITS)
            rows.append(list(dict.fromkeys([cache[k] for k in keys])))
            n_feats.append(len(keys))
        return rows, n_feats

    def _vectors(self, rows: list[list[int]], idf: np.ndarray) -> sp.csr_matrix:
        """Binary x idf rows, L2-normalised."""
        lens = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lens, out=indptr[1:])
        indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=int(indptr[-1]))
        data = idf[indices].astype(np.float32)
        data /= np.repeat(row_norms(data, lens), lens).astype(np.float32)
        return sp.csr_matrix((data, indices, indptr), shape=(len(rows), 2**N_BITS))

    @classmethod
    def build(cls, claims: list[dict]) -> "HoaxIndex":
        self = cls.__new__(cls)
        self.claims = claims
        self._col_cache = {}
        rows, _ = self._columns([norm_mod.normalize_text(c["text"]).split() for c in claims])
        df = np.bincount(np.fromiter((c for r in rows for c in r), dtype=np.int64), minlength=2**N_BITS)
        n = max(1, len(claims))
        self.idf = (np.log((1.0 + n) / (1.0 + df.astype(np.float64))) + 1.0).astype(np.float32)
        self.matrix_t = self._vectors(rows, self.idf).T.tocsr()
        return self

    # -- persistence ---------------------------------------------------------------
    def save(self, out_dir: str) -> None:
        M = self.matrix_t.T.tocsr()
        M.data = M.data.astype(np.float16)
        np.savez_compressed(os.path.join(out_dir, "hoax.npz"), data=M.data, indices=M.indices.astype(np.int32),
                            indptr=M.indptr.astype(np.int32), shape=np.array(M.shape, dtype=np.int64),
                            idf=self.idf.astype(np.float16))
        with open(os.path.join(out_dir, "hoax_claims.json"), "w", encoding="utf-8") as fh:
            json.dump(self.claims, fh, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def load(cls, model_dir: str) -> "HoaxIndex | None":
        path = os.path.join(model_dir, "hoax.npz")
        if not os.path.exists(path):
            return None
        with np.load(path) as z:
            M = sp.csr_matrix((z["data"].astype(np.float32), z["indices"], z["indptr"]), shape=tuple(z["shape"]))
            idf = z["idf"].astype(np.float32)
        with open(os.path.join(model_dir, "hoax_claims.json"), encoding="utf-8") as fh:
            claims = json.load(fh)
        return cls(claims, idf, M)

    # -- query ---------------------------------------------------------------------
    def query(self, words_list: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Best score and claim index per text (index -1 when nothing is shared)."""
        rows, n_feats = self._columns(words_list)
        S = (self._vectors(rows, self.idf) @ self.matrix_t).tocsr()
        n = S.shape[0]
        best = np.zeros(n, dtype=np.float32)
        arg = np.full(n, -1, dtype=np.int64)
        lens = np.diff(S.indptr)
        rows = np.flatnonzero(lens)
        if rows.size:
            starts = S.indptr[:-1][rows]
            mx = np.maximum.reduceat(S.data, starts)
            best[rows] = mx
            rid = np.repeat(np.arange(n), lens)
            hit = np.flatnonzero(S.data >= np.repeat(best, lens))
            first_rows, first_pos = np.unique(rid[hit], return_index=True)
            arg[first_rows] = S.indices[hit[first_pos]]
        # very short texts share too little with any claim to count as repeating it
        for i, n_f in enumerate(n_feats):
            if n_f < 4:
                best[i] *= 0.5
        return np.clip(best, 0.0, 1.0), arg
