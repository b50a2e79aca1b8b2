"""Optimal binning: the IV-maximising grouping of ordered pre-bins (private).

The rule (the public description is in :mod:`creditkit.scorecard.binning`):
given the good and bad counts of ``P`` ordered pre-bins, choose cut points
among the pre-bin boundaries so that the information value of the binning
table is as large as possible, subject to

* at most ``max_bins`` bins,
* every bin holding at least ``min_count`` rows,
* optionally a trend of the bad rate across the bins: ``"ascending"``,
  ``"descending"`` (each step may also stay level), ``"peak"`` (up, then
  down) or ``"valley"`` (down, then up).

IV is a sum over bins, so Bellman's principle applies: the best grouping of
the first ``j`` pre-bins into ``m`` bins ends with some bin ``[i, j)`` and
is the best grouping of the first ``i`` pre-bins into ``m - 1`` bins plus
that bin. Without a trend the state is the end of the last bin,
``F[m, j] = max_i F[m-1, i] + iv(i, j)``; with a trend it is the last bin
itself and its phase (rising or falling), because whether the next bin may
follow depends on the last bin's bad rate:
``D[m, i, j] = iv(i, j) + max_h {D[m-1, h, i] : rate(h, i) <= rate(i, j)}``
(``>=`` for a falling step). Every recursion is exact: the result is the
maximum over all groupings of the pre-bins, found in polynomial time
(``O(K^2 P^2)`` for ``K`` bins, with a sort of ``O(P^2 log P)`` for a trend),
without a MIP or CP solver.

The smoothed WOE shares ``(n + s) / (N + k s)`` depend on ``k``, the number
of non-empty bins of the whole table (regular bins plus the special-value
and missing bins beside them). So the recursion is run once for each number
of regular bins ``m = 1 .. max_bins`` with that ``m``'s denominators, the IV
of the side bins is added, and the best ``m`` is kept (ties: fewer bins).
The value maximised is therefore exactly the IV the binning table reports.
Without smoothing the shares do not depend on ``k``, and one forward pass
serves every number of bins (layer ``m - 1`` of it is the best of ``m``
bins).

The forward pass keeps only the best values of each layer; the chosen bins
are read back from the stored layers, one column each, with the tie-breaking
a pass that stored its arguments would have (the first step in the trend's
order; within it, the last earlier bin in bad-rate order). The searches of
``monotonic="auto"`` and ``"auto_unimodal"`` under two or four trends on the
same pre-bins share the candidate bins' IVs and bad-rate sorts through a
``cache`` (the coarse-to-fine rounds of every trend start from the same
grid). None of this changes a result.
"""

from __future__ import annotations

import numpy as np

__all__ = ["optimal_starts", "refined_starts", "SearchCache", "REFINE"]

# Phases of a trend and the steps allowed between them: (from, to, comparison),
# where "le" means rate(previous) <= rate(next) (a rising or level step).
_PHASES = {
    "ascending": ("up", [("up", "up", "le")]),
    "descending": ("down", [("down", "down", "ge")]),
    "peak": ("up", [("up", "up", "le"), ("up", "down", "ge"), ("down", "down", "ge")]),
    "valley": ("down", [("down", "down", "ge"), ("down", "up", "le"), ("up", "up", "le")]),
}
_RATE_TOL = 1e-12
#: Fine pre-bins per coarse pre-bin in :func:`refined_starts`.
REFINE = 20
_MAX_ROUNDS = 10


def _bin_iv(gn, bn, filled, smoothing, G, B, k):
    """IV contribution of bins with ``gn`` goods and ``bn`` bads when ``k`` bins are non-empty."""
    gs = (gn + smoothing) / (G + k * smoothing)
    bs = (bn + smoothing) / (B + k * smoothing)
    with np.errstate(divide="ignore", invalid="ignore"):
        iv = (gs - bs) * np.log(gs / bs)
    return np.where(filled, iv, 0.0)


def optimal_starts(g, b, *, max_bins, min_count, trend, smoothing, side_g=(), side_b=(), cache=None):
    """Pre-bin indices where the bins of the IV-maximising grouping start.

    Parameters
    ----------
    g, b : ndarray of shape (P,)
        Good and bad counts (or weights) of the ordered pre-bins, none empty.
    max_bins : int
        Most bins allowed.
    min_count : float
        Fewest rows (or weight) a bin may hold.
    trend : {None, "ascending", "descending", "peak", "valley"}
        Bad-rate trend across the bins.
    smoothing : float
        WOE pseudo-count. With 0, a bin without goods or without bads would
        have an infinite IV, so such bins are not allowed.
    side_g, side_b : array-like
        Counts of the other bins of the table (special values, missing).
    cache : SearchCache, optional
        Tables and results already computed for the same pre-bin counts and
        options: searches under several trends on the same pre-bins (the
        coarse-to-fine rounds of each trend start from the same grid) share
        the IV of every candidate bin, the bad-rate sort and any result of a
        trend already searched. The answer is the same as without it.

    Returns
    -------
    starts : ndarray of int64
        Start of every bin but the first (empty for a single bin). A single
        bin is returned when no grouping meets the constraints.
    iv : float
        IV of the whole table with these bins; -inf when nothing was searched
        (one pre-bin, or ``max_bins`` 1) or no grouping meets the constraints.
    """
    g = np.asarray(g, dtype="float64")
    b = np.asarray(b, dtype="float64")
    side_g = np.asarray(side_g, dtype="float64")
    side_b = np.asarray(side_b, dtype="float64")
    P = len(g)
    if P <= 1 or max_bins <= 1:
        return np.zeros(0, dtype="int64"), -np.inf
    key = (g.tobytes(), b.tobytes(), side_g.tobytes(), side_b.tobytes(),
           int(max_bins), float(min_count), float(smoothing))
    if cache is not None and (key, trend) in cache.results:
        starts, value = cache.results[key, trend]
        return starts.copy(), value
    tables = None if cache is None else cache.tables.get(key)
    if tables is None:
        tables = _Tables(g, b, max_bins, min_count, smoothing, side_g, side_b)
        if cache is not None:
            cache.keep(key, tables)
    starts, value = _search(tables, trend)
    if cache is not None:
        cache.results[key, trend] = (starts, value)
    return starts.copy(), value


class SearchCache:
    """Results and tables of :func:`optimal_starts` kept for later searches on the same pre-bins.

    Results (a few cut indices each) are all kept; the tables (a few arrays
    of ``P^2`` numbers each) only while their total stays under
    ``max_bytes``, first come first kept: the first searches of a column are
    those on the starting grids, which every trend searches.
    """

    def __init__(self, max_bytes=32 * 2**20):
        self.max_bytes = max_bytes
        self.tables, self.results, self.nbytes = {}, {}, 0

    def keep(self, key, tables):
        size = tables.nbytes()
        if self.nbytes + size <= self.max_bytes:
            self.tables[key] = tables
            self.nbytes += size


class _Tables:
    """What the searches on one set of pre-bins share whatever the trend.

    The IV of every candidate bin for each number of bins and the bad-rate
    sorts of the steps.
    """

    def __init__(self, g, b, max_bins, min_count, smoothing, side_g, side_b):
        P = len(g)
        cg = np.concatenate([[0.0], np.cumsum(g)])
        cb = np.concatenate([[0.0], np.cumsum(b)])
        G, B = cg[-1] + side_g.sum(), cb[-1] + side_b.sum()
        side_filled = (side_g + side_b) > 0
        n_side = int(side_filled.sum())
        # bin [i, j) of pre-bins, for all 0 <= i < j <= P
        gn = cg[None, :] - cg[:, None]
        bn = cb[None, :] - cb[:, None]
        n = gn + bn
        idx = np.arange(P + 1)
        valid = (idx[:, None] < idx[None, :]) & (n >= min_count * (1 - 1e-12))
        if smoothing == 0:
            valid &= (gn > 0) & (bn > 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            self.rate = np.where(n > 0, bn / np.where(n > 0, n, 1.0), 0.0)
        self.max_bins = int(min(max_bins, P))
        self.v, self.side_iv = [], []  # per number of regular bins m = 1 .. max_bins
        for m in range(1, self.max_bins + 1):
            k = m + n_side
            if smoothing == 0 and self.v:  # the shares do not depend on the number of bins: one table
                self.v.append(self.v[-1])
            else:
                self.v.append(np.where(valid, _bin_iv(gn, bn, valid, smoothing, G, B, k), -np.inf))
            self.side_iv.append(float(_bin_iv(side_g, side_b, side_filled, smoothing, G, B, k).sum()))
        self.indexes = {}

    def index(self, cmp):
        if cmp not in self.indexes:
            self.indexes[cmp] = _StepIndex(self.rate, 1.0 if cmp == "le" else -1.0)
        return self.indexes[cmp]

    def nbytes(self):
        """Memory of the tables with both bad-rate sorts built (the most they hold)."""
        distinct = {id(v): v.nbytes for v in self.v}
        return sum(distinct.values()) + self.rate.nbytes * (1 + 2 * 5)


def _search(tables, trend):
    needed = set() if trend is None else {cmp for _, _, cmp in _PHASES[trend][1]}
    indexes = {cmp: tables.index(cmp) for cmp in needed}
    best_value, best_bins, forward = -np.inf, None, None
    for m in range(1, tables.max_bins + 1):
        if forward is None or forward.v is not tables.v[m - 1]:
            forward = _Forward(tables.v[m - 1], trend, indexes)
        found = forward.grouping(m)
        if found is None:
            continue
        value, bins = found
        value += tables.side_iv[m - 1]
        if best_bins is None or value > best_value + 1e-12 * max(1.0, abs(best_value)):
            best_value, best_bins = value, bins
    if best_bins is None:
        return np.zeros(0, dtype="int64"), -np.inf
    return np.asarray([i for i, _ in best_bins[1:]], dtype="int64"), best_value


def refined_starts(g, b, *, n_coarse, **options):
    """:func:`optimal_starts` on many fine pre-bins, searched coarse to fine.

    The recursion first runs on ``n_coarse`` evenly spaced groups of the fine
    pre-bins. Then the boundaries :data:`REFINE` times closer together that
    lie next to a chosen cut (between the candidates on either side of it)
    become candidates too, and the recursion runs again, until the chosen
    cuts have all their neighbours at that spacing among the candidates; then
    the spacing shrinks again, down to single fine pre-bins. Each run is exact
    on its candidates and earlier candidates are kept, so the result is never
    worse than the optimum on the coarse pre-bins, and at the end no cut can
    move to a neighbouring fine boundary and raise the IV.

    Returns the fine pre-bin indices where bins start (first bin excluded)
    and the table's IV.
    """
    g = np.asarray(g, dtype="float64")
    b = np.asarray(b, dtype="float64")
    F = len(g)
    spacing = F / n_coarse
    cand = np.unique(np.arange(1, n_coarse) * spacing).round().astype("int64")
    cand = np.unique(cand[(cand > 0) & (cand < F)])
    starts, value = np.zeros(0, dtype="int64"), -np.inf
    while True:
        spacing = max(spacing / REFINE, 1.0)
        for _ in range(_MAX_ROUNDS):
            edges = np.concatenate([[0], cand]).astype("int64")
            local, value = optimal_starts(np.add.reduceat(g, edges), np.add.reduceat(b, edges), **options)
            starts = cand[local - 1]
            pos = local - 1
            lo = np.where(pos > 0, cand[np.maximum(pos - 1, 0)], 0)
            hi = np.where(pos + 1 < len(cand), cand[np.minimum(pos + 1, len(cand) - 1)], F)
            near = [np.arange(a + spacing, z, spacing).round().astype("int64") for a, z in zip(lo, hi)]
            new = np.union1d(cand, np.concatenate(near)) if near else cand
            new = new[(new > 0) & (new < F)]
            if len(new) == len(cand):
                break
            cand = new
        if spacing <= 1.0:
            return starts, value


class _Forward:
    """The forward pass of the recursion on one table of bin values ``v``, one layer per extra bin.

    Layer ``t`` holds the best value of the first ``t + 1`` bins for every
    last bin; it does not depend on how many bins follow, so the groupings
    of every number of bins read the same layers (used when ``v`` is the
    same for every number of bins, as without smoothing).
    """

    def __init__(self, v, trend, indexes):
        self.v, self.trend, self.indexes = v, trend, indexes
        self.P = v.shape[0] - 1
        if trend is None:
            self.layers = [v[0].copy()]  # layers[t][j]: best value of pre-bins [0, j) in t + 1 bins
            self.back = []
        else:
            self.start, self.steps = _PHASES[trend]
            first = np.full_like(v, -np.inf)
            first[0] = v[0]  # the first bin starts at pre-bin 0
            self.layers = [{self.start: first}]  # layers[t][phase][i, j]: best value when bin t is [i, j)

    def _extend(self, n):
        v, P = self.v, self.P
        while len(self.layers) < n:
            if self.trend is None:
                cand = self.layers[-1][:, None] + v  # [i, j]
                arg = np.argmax(cand, axis=0)
                self.layers.append(cand[arg, np.arange(P + 1)])
                self.back.append(arg)
                continue
            D, new = self.layers[-1], {}
            for src, dst, cmp in self.steps:
                if src not in D:  # a phase no grouping of this many bins reaches yet
                    continue
                best = self.indexes[cmp].best(D[src], first=len(self.layers) == 1)
                new[dst] = best if dst not in new else np.maximum(new[dst], best, out=new[dst])
            for p in new:
                new[p] += v
            self.layers.append(new)

    def grouping(self, m):
        """Best value and bins [(i, j), ...] of exactly ``m`` bins over all pre-bins, or None."""
        self._extend(m)
        P = self.P
        if self.trend is None:
            F = self.layers[m - 1]
            if not np.isfinite(F[P]):
                return None
            bins, j = [], P
            for arg in reversed(self.back[: m - 1]):
                i = int(arg[j])
                bins.append((i, j))
                j = i
            bins.append((0, j))
            return float(F[P]), bins[::-1]
        # the best last bin [i, P): the first phase and, within it, the first start holding the best value
        found = None
        for p, D in sorted(self.layers[m - 1].items()):
            i = int(np.argmax(D[:P, P]))
            if np.isfinite(D[i, P]) and (found is None or D[i, P] > found[0]):
                found = (float(D[i, P]), p, i)
        if found is None:
            return None
        value, p, i = found
        bins, j = [(i, P)], P
        for t in range(m - 1, 0, -1):
            p, h = _previous_bin(self.layers[t - 1], self.steps, self.indexes, p, i, j)
            j, i = i, h
            bins.append((i, j))
        return value, bins[::-1]


def _previous_bin(D, steps, indexes, phase, i, j):
    """Phase and start of the bin before [i, j) on the best grouping, read back from the previous layer.

    The same choice as a forward pass that keeps its arguments: the first
    step (in the trend's order) reaching the best value and, within it, the
    last of the allowed earlier bins in the step's sorted order holding it.
    """
    found = None
    for src, dst, cmp in steps:
        if dst != phase or src not in D:
            continue
        index = indexes[cmp]
        rows = index.order[: index.pos[i, j], i]
        if len(rows) == 0:
            continue
        values = D[src][rows, i]
        best = values.max()
        if found is None or best > found[0]:
            found = (best, src, int(rows[len(values) - 1 - np.argmax(values[::-1] == best)]))
    return found[1], found[2]


class _StepIndex:
    """For each bin [i, j), which earlier bins [h, i) it may follow, in one sorted order.

    The earlier bins ending at ``i`` are sorted by bad rate once; bin [i, j)
    may follow after a rising (or level) step exactly the first ``pos[i, j]``
    of them, so the best of those is a running maximum read at row
    ``pos[i, j]`` (row 0 standing for none). A falling step uses the same
    with the rates negated. Sorting once makes each layer of the recursion
    ``O(P^2)``; the sort is ``O(P^2 log P)`` and shared by every layer and
    every number of bins.
    """

    def __init__(self, rate, sign):
        n = rate.shape[0]
        r = sign * rate
        self.order = np.argsort(r, axis=0, kind="stable")  # [rank, i] -> h
        ranked = np.take_along_axis(r, self.order, axis=0)
        offset = 4.0 * np.arange(n)  # rates lie in [-1, 1]: columns never overlap
        flat = (ranked + offset[None, :]).T.ravel()
        query = r + _RATE_TOL + offset[:, None]  # [i, j]: rate of the next bin, in column i
        self.pos = np.searchsorted(flat, query.ravel(), side="right").reshape(n, n) - np.arange(n)[:, None] * n
        cols = np.arange(n)
        self._gather = (self.order * n + cols[None, :]).ravel()  # D.ravel()[_gather] = D sorted per column
        self._read = (self.pos * n + cols[:, None]).ravel()  # [i, j] -> row pos[i, j] of column i
        self._buffer = np.empty((n + 1, n))
        self._buffer[0] = -np.inf
        self._rank0 = None

    def best(self, D, first=False):
        """For every bin [i, j): the largest D[h, i] among the bins [h, i) it may follow (-inf: none).

        ``first``: only row 0 of ``D`` holds values (the first bin starts at
        pre-bin 0), so bin [i, j) may follow exactly when bin [0, i) is among
        the first ``pos[i, j]`` in column ``i``'s order.
        """
        n = D.shape[0]
        if first:
            if self._rank0 is None:
                self._rank0 = np.argmax(self.order == 0, axis=0)  # rank of bin [0, i) in column i
            return np.where(self._rank0[:, None] < self.pos, D[0][:, None], -np.inf)
        running = self._buffer
        np.take(D.ravel(), self._gather, out=running[1:].reshape(-1))
        np.maximum.accumulate(running, axis=0, out=running)
        return np.take(running.ravel(), self._read).reshape(n, n)
