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
from sklearn.feature_extraction import FeatureHasher

from . import text as norm_mod
from .features import column

N_BITS = 18
_STOP = frozenset(
    "yang di dan ke dari ini itu dengan untuk pada adalah akan tidak ada dalam juga sudah saya kita kami "
    "oleh karena atau jadi bisa lebih telah agar saat bahwa para tersebut video foto beredar".split())


def hoax_features(words: list[str]) -> list[str]:
    ws = [w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())]
    feats = [f"w:{w}" for w in ws]
    feats.extend(f"b:{a} {b}" for a, b in zip(ws, ws[1:]))
    return feats


class HoaxIndex:
    DEFAULT_THRESHOLD = 0.5

    def __init__(self, claims: list[dict], idf: np.ndarray, matrix: sp.csr_matrix):
        self.claims = claims
        self.idf = idf.astype(np.float32)
        self.matrix_t = matrix.T.tocsr().astype(np.float32)  # features x claims
        self.hasher = FeatureHasher(n_features=2**N_BITS, input_type="string", alternate_sign=False,
                                    dtype=np.float32)
        self._col_cache: dict[str, int] = {}

    # -- vectors -------------------------------------------------------------------
    def _query_vectors(self, words_list: list[list[str]]) -> tuple[sp.csr_matrix, list[int]]:
        """What ``_vectors(hoax_features(...))`` gives, for a batch at run time, plus each text's
        number of distinct features: columns are cached per word and per word pair (hashed
        directly, :func:`~netral.detect.features.column`) and the rows are built directly."""
        cache = self._col_cache
        if len(cache) > 200_000:
            cache.clear()
        keys_list = []
        nf = 2**N_BITS
        for words in words_list:
            ws = [w for w in words if w not in _STOP and (len(w) > 1 or w.isdigit())]
            keys = ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]  # a word never holds a space
            keys_list.append(keys)
            for k in keys:
                if k not in cache:
                    cache[k] = column(("b:" if " " in k else "w:") + k, nf)
        rows = [list(dict.fromkeys([cache[k] for k in keys])) for keys in keys_list]  # binary: once each
        lens = [len(r) for r in rows]
        indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lens, out=indptr[1:])
        indices = np.fromiter((c for r in rows for c in r), dtype=np.int32, count=int(indptr[-1]))
        data = self.idf[indices]
        norms = np.sqrt(np.bincount(np.repeat(np.arange(len(rows)), lens), weights=data.astype(np.float64) ** 2,
                                    minlength=len(rows)))
        norms[norms == 0] = 1.0
        data = (data / np.repeat(norms, lens)).astype(np.float32)
        X = sp.csr_matrix((data, indices, indptr), shape=(len(rows), 2**N_BITS))
        return X, [len(k) for k in keys_list]

    def _vectors(self, feats_list: list[list[str]], idf: np.ndarray | None = None) -> sp.csr_matrix:
        X = self.hasher.transform(feats_list).tocsr()
        X.sum_duplicates()
        X.data = np.minimum(X.data, 1.0)
        idf = self.idf if idf is None else idf
        X.data *= idf[X.indices]
        norms = np.sqrt(np.asarray(X.multiply(X).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sp.diags(1.0 / norms).dot(X).tocsr().astype(np.float32)

    @classmethod
    def build(cls, claims: list[dict]) -> "HoaxIndex":
        feats = [hoax_features(norm_mod.normalize_text(c["text"]).split()) for c in claims]
        hasher = FeatureHasher(n_features=2**N_BITS, input_type="string", alternate_sign=False, dtype=np.float32)
        X = hasher.transform(feats).tocsr()
        X.sum_duplicates()
        df = np.bincount(X.indices, minlength=2**N_BITS).astype(np.float64)
        n = max(1, len(claims))
        idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0).astype(np.float32)
        self = cls.__new__(cls)
        self.claims = claims
        self.idf = idf
        self.hasher = hasher
        self._col_cache = {}
        M = self._vectors(feats, idf)
        self.matrix_t = M.T.tocsr()
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
        X, n_feats = self._query_vectors(words_list)
        S = (X @ self.matrix_t).tocsr()
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
