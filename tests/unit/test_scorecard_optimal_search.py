"""The shortcuts of the optimal-binning search give the same bins as the plain recursion.

``_reference_starts`` is the recursion written plainly: every number of bins
searched on its own, and every layer keeping the best value's argument for
the way back (first step in the trend's order on a tie; within a step, the
last of the allowed earlier bins in bad-rate order). The search in
``creditkit.scorecard._optimal`` reads the bins back from the layers
instead, reads the first layer directly, shares one forward pass between
the numbers of bins when there is no smoothing, and shares tables between
the trends searched on the same pre-bins; each test compares one of those
with the plain answer on German, Taiwan and synthetic columns, to the last
bit of the IV.
"""

import numpy as np
import pytest

from creditkit import datasets
from creditkit.scorecard import _optimal
from creditkit.scorecard._optimal import SearchCache, optimal_starts, refined_starts

TRENDS = [None, "ascending", "descending", "peak", "valley"]


# --------------------------------------------------------------------------- the plain recursion


def _rank_index(rate, sign):
    n = rate.shape[0]
    r = sign * rate
    order = np.argsort(r, axis=0, kind="stable")
    ranked = np.take_along_axis(r, order, axis=0)
    offset = 4.0 * np.arange(n)
    flat = (ranked + offset[None, :]).T.ravel()
    query = r + _optimal._RATE_TOL + offset[:, None]
    pos = np.searchsorted(flat, query.ravel(), side="right").reshape(n, n) - np.arange(n)[:, None] * n
    return order, pos


def _masked_argmax(D, order, pos):
    n = D.shape[0]
    ranked = np.take_along_axis(D, order, axis=0)
    running = np.maximum.accumulate(ranked, axis=0)
    where = np.maximum.accumulate(np.where(ranked == running, np.arange(n)[:, None], 0), axis=0)
    cols = np.arange(n)[:, None]
    take = np.maximum(pos - 1, 0)
    return np.where(pos > 0, running[take, cols], -np.inf), order[where[take, cols], cols]


def _reference_grouping(v, m, trend, index):
    P = v.shape[0] - 1
    if trend is None:
        F, back = v[0].copy(), []
        for _ in range(1, m):
            cand = F[:, None] + v
            arg = np.argmax(cand, axis=0)
            F = cand[arg, np.arange(P + 1)]
            back.append(arg)
        if not np.isfinite(F[P]):
            return None
        bins, j = [], P
        for arg in reversed(back):
            bins.append((int(arg[j]), j))
            j = int(arg[j])
        bins.append((0, j))
        return float(F[P]), bins[::-1]
    start, steps = _optimal._PHASES[trend]
    phases = sorted({p for s in steps for p in s[:2]})
    D = {p: np.full_like(v, -np.inf) for p in phases}
    D[start][0] = v[0]
    back = []
    for _ in range(1, m):
        new = {p: np.full_like(v, -np.inf) for p in phases}
        arg_h = {p: np.zeros(v.shape, dtype="int64") for p in phases}
        arg_p = {p: np.zeros(v.shape, dtype="int64") for p in phases}
        for src, dst, cmp in steps:
            best, h = _masked_argmax(D[src], *index[cmp])
            better = best > new[dst]
            new[dst] = np.where(better, best, new[dst])
            arg_h[dst] = np.where(better, h, arg_h[dst])
            arg_p[dst] = np.where(better, phases.index(src), arg_p[dst])
        D = {p: new[p] + v for p in phases}
        back.append((arg_h, arg_p))
    ends = [(float(D[p][i, P]), p, i) for p in phases for i in range(P) if np.isfinite(D[p][i, P])]
    if not ends:
        return None
    value, p, i = max(ends, key=lambda e: e[0])
    bins, j = [(i, P)], P
    for arg_h, arg_p in reversed(back):
        h, p = int(arg_h[p][i, j]), phases[int(arg_p[p][i, j])]
        j, i = i, h
        bins.append((i, j))
    return value, bins[::-1]


def _reference_starts(g, b, *, max_bins, min_count, trend, smoothing, side_g=(), side_b=()):
    g, b = np.asarray(g, dtype=float), np.asarray(b, dtype=float)
    side_g, side_b = np.asarray(side_g, dtype=float), np.asarray(side_b, dtype=float)
    P = len(g)
    if P <= 1 or max_bins <= 1:
        return np.zeros(0, dtype="int64"), -np.inf
    cg, cb = np.concatenate([[0.0], np.cumsum(g)]), np.concatenate([[0.0], np.cumsum(b)])
    G, B = cg[-1] + side_g.sum(), cb[-1] + side_b.sum()
    side_filled = (side_g + side_b) > 0
    gn, bn = cg[None, :] - cg[:, None], cb[None, :] - cb[:, None]
    n = gn + bn
    idx = np.arange(P + 1)
    valid = (idx[:, None] < idx[None, :]) & (n >= min_count * (1 - 1e-12))
    if smoothing == 0:
        valid &= (gn > 0) & (bn > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(n > 0, bn / np.where(n > 0, n, 1.0), 0.0)
    index = {"le": _rank_index(rate, 1.0), "ge": _rank_index(rate, -1.0)}
    best_value, best_bins = -np.inf, None
    for m in range(1, int(min(max_bins, P)) + 1):
        k = m + int(side_filled.sum())
        v = np.where(valid, _optimal._bin_iv(gn, bn, valid, smoothing, G, B, k), -np.inf)
        found = _reference_grouping(v, m, trend, index)
        if found is None:
            continue
        value = found[0] + float(_optimal._bin_iv(side_g, side_b, side_filled, smoothing, G, B, k).sum())
        if best_bins is None or value > best_value + 1e-12 * max(1.0, abs(best_value)):
            best_value, best_bins = value, found[1]
    if best_bins is None:
        return np.zeros(0, dtype="int64"), -np.inf
    return np.asarray([i for i, _ in best_bins[1:]], dtype="int64"), best_value


# --------------------------------------------------------------------------- columns


def _fine_counts(x, y):
    """Good and bad counts of every distinct value of ``x``, in order."""
    _, codes = np.unique(x, return_inverse=True)
    n = np.bincount(codes)
    bad = np.bincount(codes, weights=y).astype("int64")
    return (n - bad).astype(float), bad.astype(float)


def _coarse_counts(g, b, k):
    edges = np.unique(np.linspace(0, len(g), k + 1)[:-1].round().astype("int64"))
    return np.add.reduceat(g, edges), np.add.reduceat(b, edges)


def _synthetic(kind, n=3000, seed=7):
    rng = np.random.default_rng(seed)
    if kind == "valley":
        x = rng.uniform(size=n)
        p = 0.08 + 0.5 * (x - 0.45) ** 2
    elif kind == "ties":  # few distinct values, many pre-bins of equal counts
        x = np.repeat(np.arange(60), n // 60)
        p = np.full(len(x), 0.2)
    else:  # "lognormal": a skewed amount with a peak of risk
        x = rng.lognormal(7, 1, size=n).round()
        p = 0.15 + 0.2 * np.exp(-((np.log(x) - 7.3) ** 2))
    y = (rng.uniform(size=len(x)) < p).astype("int64")
    if kind == "ties":
        y = (np.arange(len(x)) % 5 == 0).astype("int64")  # the same bad rate in every pre-bin
    return x, y


@pytest.fixture(scope="module")
def columns():
    german = datasets.load_german()
    taiwan = datasets.load_taiwan().iloc[:6000]
    out = {}
    for c in ("credit_amount", "age", "duration_months"):
        out[f"german {c}"] = _fine_counts(german[c].to_numpy(), german["bad"].to_numpy())
    for c in ("LIMIT_BAL", "BILL_AMT1", "PAY_AMT1", "AGE"):
        out[f"taiwan {c}"] = _fine_counts(taiwan[c].to_numpy(), taiwan["default"].to_numpy())
    for kind in ("valley", "ties", "lognormal"):
        out[f"synthetic {kind}"] = _fine_counts(*_synthetic(kind))
    return out


def _options(g, b, **extra):
    return dict(max_bins=5, min_count=0.05 * float((g + b).sum()), smoothing=0.5, **extra)


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("trend", TRENDS)
@pytest.mark.parametrize("smoothing", [0.5, 0.0])
def test_search_matches_the_plain_recursion(columns, trend, smoothing):
    """Bins read back from the layers, first layer read directly, one forward pass for all bins without smoothing."""
    checked = 0
    for name, (g, b) in columns.items():
        gc, bc = _coarse_counts(g, b, 60)
        for max_bins, share in ((5, 0.05), (8, 0.02)):
            options = dict(max_bins=max_bins, min_count=share * float((gc + bc).sum()), trend=trend,
                           smoothing=smoothing, side_g=[12.0], side_b=[5.0])
            starts, value = optimal_starts(gc, bc, **options)
            ref_starts, ref_value = _reference_starts(gc, bc, **options)
            assert starts.tolist() == ref_starts.tolist(), (name, max_bins)
            assert value == ref_value, (name, max_bins)
            checked += len(starts) > 0
    assert checked >= 12  # the columns do have cut points to compare


def test_ties_are_broken_as_by_the_plain_recursion():
    """Pre-bins of equal counts make many groupings of equal IV: the same one is chosen."""
    g = np.tile([8.0, 2.0, 8.0, 5.0], 10)
    b = np.tile([2.0, 2.0, 2.0, 1.0], 10)
    for trend in TRENDS:
        for smoothing in (0.5, 0.0):
            options = dict(max_bins=6, min_count=12.0, trend=trend, smoothing=smoothing)
            starts, value = optimal_starts(g, b, **options)
            ref_starts, ref_value = _reference_starts(g, b, **options)
            assert (starts.tolist(), value) == (ref_starts.tolist(), ref_value), trend


@pytest.mark.parametrize("max_bytes", [64 * 2**20, 300_000, 0])
def test_shared_tables_across_trends_give_the_same_bins(columns, max_bytes):
    """One cache for the four trends of a column (as monotonic="auto_unimodal" runs them) changes no result.

    Whatever the memory allowed for tables: all of them, some, or none (results only).
    """
    reused = 0
    for name, (g, b) in columns.items():
        cache = SearchCache(max_bytes)
        for trend in ("ascending", "descending", "peak", "valley"):
            for n_coarse in (50, 100):
                alone = refined_starts(g, b, n_coarse=n_coarse, **_options(g, b, trend=trend))
                before = len(cache.tables)
                shared = refined_starts(g, b, n_coarse=n_coarse, **_options(g, b, trend=trend, cache=cache))
                assert alone[0].tolist() == shared[0].tolist() and alone[1] == shared[1], (name, trend)
                reused += trend != "ascending" and len(cache.tables) == before and max_bytes > 0
        assert cache.nbytes <= max_bytes
        assert len(cache.results) > 0
    if max_bytes:
        assert reused > 0  # later trends did search on tables kept from earlier ones


def test_cached_results_belong_to_their_pre_bins_and_options():
    """A cached result is returned only for the same counts and options: others are searched afresh."""
    g, b = np.array([30.0, 20, 10, 25, 40]), np.array([2.0, 6, 9, 5, 3])
    cache = SearchCache()
    first = optimal_starts(g, b, max_bins=3, min_count=10, trend="peak", smoothing=0.5, cache=cache)
    other = optimal_starts(g[::-1], b[::-1], max_bins=3, min_count=10, trend="peak", smoothing=0.5, cache=cache)
    fewer = optimal_starts(g, b, max_bins=2, min_count=10, trend="peak", smoothing=0.5, cache=cache)
    rising = optimal_starts(g, b, max_bins=3, min_count=10, trend="ascending", smoothing=0.5, cache=cache)
    assert len(cache.tables) == 3 and len(cache.results) == 4
    for got, (gg, bb, k, trend) in ((first, (g, b, 3, "peak")), (other, (g[::-1], b[::-1], 3, "peak")),
                                    (fewer, (g, b, 2, "peak")), (rising, (g, b, 3, "ascending"))):
        ref = _reference_starts(gg, bb, max_bins=k, min_count=10, trend=trend, smoothing=0.5)
        assert got[0].tolist() == ref[0].tolist() and got[1] == ref[1]
    first[0][:] = -1  # the caller's array is its own
    options = dict(max_bins=3, min_count=10, trend="peak", smoothing=0.5)
    assert optimal_starts(g, b, **options, cache=cache)[0].tolist() == _reference_starts(g, b, **options)[0].tolist()
