"""Scoring beads: the weights (:class:`AlignParams`) and :class:`BeadScorer`.

The quality of a bead joining Chinese sentences ``I`` and English sentences ``J`` is

    w_sem · (cos(ΣZ_I, ΣE_J) − t_sem) + w_lex · (cos(ΣX_I, ΣY_J) − t_lex) + w_len · log N(δ)

with Z/E the encoder vectors and X/Y the lexical anchor vectors of single sentences
(:mod:`tmtool.align.features`): each sentence is embedded once and a multi-sentence
window is the normalised sum of its sentence vectors, so its cosine comes from sums of
sentence-pair dot products (2-D prefix sums) and never from re-encoding. (Encoding the
concatenated windows of merge candidates instead was measured and lost F1 on both
development sets.) δ is the length model's standardised difference
(:mod:`tmtool.align.length`). The search score of a bead is its quality times its size
((|I| + |J|) / 2) minus a penalty for its type and for crossing a paragraph boundary; a
sentence left alone scores half of ``q_null`` plus ``w_prior`` times its one-sided prior
(:mod:`tmtool.align.onesided`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tmtool.align.features import Side
from tmtool.align.length import LengthModel
from tmtool.align.search import DEFAULT_TYPES, NEG, BeadType


@dataclass(frozen=True)
class AlignParams:
    """Weights of the bead score (see the module docstring).

    The defaults (with the encoder) and :data:`LEXICAL_PARAMS` (without) come from a
    coordinate search on half of the documents of corpora/cq-press and of the WMT18
    development set (bench/wmt_devset.py), checked on the other halves.
    """

    w_sem: float = 1.0
    t_sem: float = 0.2
    w_lex: float = 0.25
    t_lex: float = 0.0
    w_len: float = 0.04
    q_null: float = -0.05
    w_prior: float = 1.0
    pen_12: float = 0.06
    pen_22: float = 0.3
    pen_13: float = 0.2
    pen_large: float = 0.3
    pen_para: float = 0.2
    gap_quality: float = -0.25
    types: tuple[BeadType, ...] = DEFAULT_TYPES

    def penalty(self, a: int, b: int) -> float:
        if a + b <= 2:
            return 0.0
        if (a, b) in ((1, 2), (2, 1)):
            return self.pen_12
        if (a, b) == (2, 2):
            return self.pen_22
        if (a, b) in ((1, 3), (3, 1)):
            return self.pen_13
        return self.pen_large


ENCODER_PARAMS = AlignParams()
LEXICAL_PARAMS = AlignParams(
    w_sem=0.0,
    w_lex=0.75,
    t_lex=0.0,
    w_len=0.02,
    q_null=-0.1,
    w_prior=1.0,
    pen_12=0.1,
    pen_22=0.3,
    pen_para=0.3,
)


def _window_norms(vectors: np.ndarray, max_size: int) -> list[np.ndarray]:
    """``out[b][j]`` = squared norm of the sum of vectors ``j - b … j - 1`` (0 when j < b)."""
    n = len(vectors)
    out = [np.zeros(n + 1)]
    self_dots = np.einsum("ij,ij->i", vectors, vectors).astype(np.float64)
    offset_dots = [
        np.einsum("ij,ij->i", vectors[:-k], vectors[k:]).astype(np.float64)
        if n > k
        else np.zeros(0)
        for k in range(1, max_size)
    ]
    for b in range(1, max_size + 1):
        arr = np.zeros(n + 1)
        js = np.arange(b, n + 1)
        if len(js):
            cs = np.concatenate([[0.0], np.cumsum(self_dots)])
            total = cs[js] - cs[js - b]
            for k in range(1, b):
                d = offset_dots[k - 1]
                cd = np.concatenate([[0.0], np.cumsum(d)])
                # pairs (t, t + k) with j - b <= t and t + k <= j - 1
                total += 2 * (cd[js - k] - cd[js - b])
            arr[js] = total
        out.append(arr)
    return out


class BeadScorer:
    """Scores every bead type, from sentence-level arrays.

    With ``full=True`` (ordinary documents) the sentence similarity matrices are computed
    once and every bead type is scored for the whole matrix with 2-D prefix sums; for
    long documents (``full=False``) each DP row is scored on demand inside the band.
    """

    def __init__(
        self,
        zh: Side,
        en: Side,
        params: AlignParams,
        length: LengthModel,
        max_a: int,
        max_b: int,
        *,
        full: bool = False,
    ) -> None:
        self.zh, self.en, self.p, self.length = zh, en, params, length
        self.max_a, self.max_b = max_a, max_b
        self.types = [t for t in params.types if t[0] >= 1]
        self.use_sem = zh.sem is not None and en.sem is not None and params.w_sem > 0
        self.cum_lz = np.concatenate([[0.0], np.cumsum(zh.length)])
        self.cum_le = np.concatenate([[0.0], np.cumsum(en.length)])
        self.spaces = [(zh.lex, en.lex)]
        if self.use_sem:
            self.spaces.append((zh.sem, en.sem))
        self.norm_z = [_window_norms(z, max_a) for z, _ in self.spaces]
        self.norm_e = [_window_norms(e, max_b) for _, e in self.spaces]
        self.cross_z = self._crossings(zh.para_start, max_a)
        self.cross_e = self._crossings(en.para_start, max_b)
        self.skip_zh = 0.5 * (params.q_null + params.w_prior * zh.prior)
        self.skip_en = 0.5 * (params.q_null + params.w_prior * en.prior)
        self.full = full
        self._row_cache: dict[tuple[int, int, int, int], list[np.ndarray]] = {}
        self._cos: dict[tuple[int, int], list[np.ndarray]] = {}
        self._score: dict[tuple[int, int], np.ndarray] = {}
        if full:
            self.prefix = []
            for z, e in self.spaces:
                m = np.zeros((len(zh) + 1, len(en) + 1))
                m[1:, 1:] = (z @ e.T).astype(np.float64).cumsum(0).cumsum(1)
                self.prefix.append(m)

    @staticmethod
    def _crossings(starts: np.ndarray, max_size: int) -> list[np.ndarray]:
        """``out[b][j]``: window ``j - b … j - 1`` spans a paragraph boundary."""
        cs = np.concatenate([[0], np.cumsum(starts.astype(np.int64))])
        out = [np.zeros(len(starts) + 1)]
        for b in range(1, max_size + 1):
            arr = np.zeros(len(starts) + 1)
            js = np.arange(b, len(starts) + 1)
            arr[js] = (cs[js] - cs[js - b + 1]) > 0
            out.append(arr)
        return out

    def _cos_full(self, a: int, b: int) -> list[np.ndarray]:
        if (a, b) not in self._cos:
            out = []
            for k, pre in enumerate(self.prefix):
                block = np.zeros_like(pre)
                block[a:, b:] = pre[a:, b:] - pre[:-a, b:] - pre[a:, :-b] + pre[:-a, :-b]
                denom = np.sqrt(np.outer(self.norm_z[k][a], self.norm_e[k][b]))
                out.append(np.where(denom > 1e-9, block / np.maximum(denom, 1e-9), 0.0))
            self._cos[(a, b)] = out
        return self._cos[(a, b)]

    def _row_prefix(self, i: int, a: int, c0: int, c1: int) -> list[np.ndarray]:
        """Prefix sums over en columns c0…c1-1 of (Σ zh[i-a:i]) · en[c], per space (cached)."""
        key = (i, a, c0, c1)
        pres = self._row_cache.get(key)
        if pres is None:
            pres = []
            for z, e in self.spaces:
                m = z[i - a : i].sum(axis=0) @ e[c0:c1].T
                pres.append(np.concatenate([[0.0], np.cumsum(m, dtype=np.float64)]))
            if len(self._row_cache) > 64:
                self._row_cache.clear()
            self._row_cache[key] = pres
        return pres

    def _cos_row(self, i: int, a: int, js: np.ndarray, b: int) -> list[np.ndarray]:
        c0 = max(0, int(js[0]) - self.max_b)
        c1 = max(c0, int(js[-1]))
        idx_hi = np.minimum(np.maximum(js - c0, 0), c1 - c0)
        idx_lo = np.minimum(np.maximum(js - b - c0, 0), c1 - c0)
        out = []
        for k, pre in enumerate(self._row_prefix(i, a, c0, c1)):
            block = pre[idx_hi] - pre[idx_lo]
            denom = np.sqrt(self.norm_z[k][a][i] * self.norm_e[k][b][js])
            out.append(np.where(denom > 1e-9, block / np.maximum(denom, 1e-9), 0.0))
        return out

    def window_cos(self, i: int, a: int, js: np.ndarray, b: int) -> tuple[np.ndarray, np.ndarray]:
        """(encoder, lexical) cosine of the windows zh[i-a:i] × en[j-b:j] for j in ``js``."""
        if self.full:
            cos = [c[i, js] for c in self._cos_full(a, b)]
        else:
            cos = self._cos_row(i, a, js, b)
        sem = cos[1] if self.use_sem else np.zeros(len(js))
        return sem, cos[0]

    def _combine(self, cos: list[np.ndarray], lz: np.ndarray, le: np.ndarray) -> np.ndarray:
        p = self.p
        q = p.w_lex * (cos[0] - p.t_lex) + p.w_len * self.length.log_likelihood(lz, le)
        if self.use_sem:
            q = q + p.w_sem * (cos[1] - p.t_sem)
        return q

    def quality(self, i: int, a: int, js: np.ndarray, b: int) -> np.ndarray:
        """Quality of the beads zh[i-a:i] × en[j-b:j] for j in ``js`` (see the module doc)."""
        js = np.asarray(js)
        cos = [c[i, js] for c in self._cos_full(a, b)] if self.full else self._cos_row(i, a, js, b)
        lz = self.cum_lz[i] - self.cum_lz[i - a]
        le = self.cum_le[js] - self.cum_le[np.maximum(js - b, 0)]
        return self._combine(cos, lz, le)

    def cells(
        self, i: np.ndarray, a: int, j: np.ndarray, b: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(quality, encoder cosine, lexical cosine) of the beads zh[i-a:i] × en[j-b:j] for
        each pair ``(i[k], j[k])`` of DP cells: :meth:`quality` and :meth:`window_cos` of many
        beads of one type at once (full mode only)."""
        cos = [c[i, j] for c in self._cos_full(a, b)]
        lz = self.cum_lz[i] - self.cum_lz[i - a]
        le = self.cum_le[j] - self.cum_le[np.maximum(j - b, 0)]
        sem = cos[1] if self.use_sem else np.zeros(len(i))
        return self._combine(cos, lz, le), sem, cos[0]

    def quality_pairs(self, zi: np.ndarray, ej: np.ndarray) -> np.ndarray:
        """Quality of the 1-1 beads (zh sentence ``zi[k]``, en sentence ``ej[k]``)."""
        cos = [np.einsum("ij,ij->i", z[zi], e[ej]).astype(np.float64) for z, e in self.spaces]
        return self._combine(cos, self.zh.length[zi], self.en.length[ej])

    def quality_matrix_11(self) -> np.ndarray:
        """Quality of every 1-1 bead, indexed by DP cell ``(i, j)`` (full mode only)."""
        if "q11" not in self.__dict__:
            cos = self._cos_full(1, 1)
            lz = np.concatenate([[0.0], self.zh.length])
            le = np.concatenate([[0.0], self.en.length])
            self.__dict__["q11"] = self._combine(cos, lz[:, None], le[None, :])
        return self.__dict__["q11"]

    def _score_full(self, a: int, b: int) -> np.ndarray:
        if (a, b) not in self._score:
            lz = (self.cum_lz[a:] - self.cum_lz[:-a]) if a else None
            le = self.cum_le[b:] - self.cum_le[:-b]
            cos = [c[a:, b:] for c in self._cos_full(a, b)]
            q = self._combine(cos, lz[:, None], le[None, :])
            s = np.full((len(self.zh) + 1, len(self.en) + 1), NEG)
            s[a:, b:] = q * (a + b) / 2 - self.p.penalty(a, b)
            s[a:, b:] -= self.p.pen_para * (self.cross_z[a][a:, None] + self.cross_e[b][None, b:])
            self._score[(a, b)] = s
        return self._score[(a, b)]

    def _full_table(self) -> np.ndarray:
        """Every bead type's score matrix over all DP cells (full mode), stacked in the
        order of :attr:`types`, for :meth:`__call__`."""
        table = self.__dict__.get("_table")
        if table is None:
            table = np.full((len(self.types), len(self.zh) + 1, len(self.en) + 1), NEG)
            for k, (a, b) in enumerate(self.types):
                if b:
                    table[k] = self._score_full(a, b)
                elif a == 1:
                    table[k, 1:] = self.skip_zh[:, None]
            self.__dict__["_table"] = table
        return table

    def __call__(self, i: int, js: np.ndarray) -> np.ndarray:
        """Scores of every bead type (rows, in the order of :attr:`types`) ending at
        ``(i, js[k])``; a type reaching above the first sentence scores NEG."""
        if self.full and len(js) == len(self.en) + 1:  # the whole row: rows of the matrices
            return self._full_table()[:, i, :]
        p = self.p
        out = np.full((len(self.types), len(js)), NEG)
        for k, (a, b) in enumerate(self.types):
            if a > i:
                continue
            if b == 0:
                if a == 1:
                    out[k] = self.skip_zh[i - 1]
                continue
            if self.full:
                out[k] = self._score_full(a, b)[i, js]
                continue
            jc = np.minimum(js, len(self.en))
            q = self.quality(i, a, jc, b)
            s = q * (a + b) / 2 - p.penalty(a, b)
            s = s - p.pen_para * (self.cross_z[a][i] + self.cross_e[b][jc])
            s[(js < b) | (js > len(self.en))] = NEG
            out[k] = s
        return out
