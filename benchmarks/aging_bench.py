"""Aging benchmark: creditkit against the same aging written as DuckDB SQL.

Generates a synthetic canonical ledger (invoices, referenced and unreferenced
receipts, credit notes) in memory, ages it as of one date with
``creditkit.receivables.aging.age_receivables`` and with one DuckDB SQL query over the same
DataFrame, checks that both give the same customer table to the cent, and
prints the times, their ratio, creditkit's peak memory (traced allocations)
and the ledger's in-memory size.

Usage::

    python benchmarks/aging_bench.py --n 10000000 [--customers 100000] [--seed 1] [--repeat 1]
                                     [--threads N] [--distinct-strings]

DuckDB is a benchmark-only dependency (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from creditkit.receivables.aging import DEFAULT_EDGES, age_receivables, bucket_labels

AS_OF = pd.Timestamp("2025-06-30")


def synthetic_ledger(n: int, customers: int, seed: int = 1) -> pd.DataFrame:
    """Canonical ledger of about ``n`` documents: 65% invoices, 30% receipts, 5% credit notes."""
    rng = np.random.default_rng(seed)
    n_inv = int(n * 0.65)
    n_rec = int(n * 0.30)
    n_cn = n - n_inv - n_rec
    start = np.datetime64("2023-07-01")
    inv_cust = rng.integers(0, customers, n_inv)
    inv_day = rng.integers(0, 730, n_inv)
    inv_date = start + inv_day.astype("timedelta64[D]")
    terms = rng.choice(np.array([30, 45, 60, 90]), n_inv)
    inv_amt = rng.integers(10_000, 10_000_000, n_inv)
    # receipts: 60% reference an invoice of the same customer, paid 0..150 days after it
    pick = rng.integers(0, n_inv, n_rec)
    rec_cust = inv_cust[pick]
    rec_date = inv_date[pick] + rng.integers(0, 150, n_rec).astype("timedelta64[D]")
    rec_amt = -(inv_amt[pick] * rng.uniform(0.3, 1.1, n_rec)).astype("int64") - 1
    rec_ref = np.where(rng.random(n_rec) < 0.6, pick, -1)
    pick_cn = rng.integers(0, n_inv, n_cn)
    cn_date = inv_date[pick_cn] + rng.integers(1, 30, n_cn).astype("timedelta64[D]")
    cn_amt = -(inv_amt[pick_cn] // 10) - 1

    inv_no = "I" + pd.Series(np.arange(n_inv)).astype(str)
    ids = "C" + pd.Series(np.arange(customers)).astype(str)
    cust = np.concatenate([inv_cust, rec_cust, inv_cust[pick_cn]])
    ref_idx = np.concatenate([np.full(n_inv, -1), rec_ref, pick_cn])
    ref = pd.Series(inv_no.to_numpy(dtype=object)[np.maximum(ref_idx, 0)], dtype=object).where(ref_idx >= 0, None)
    doc_no = pd.concat([inv_no, "R" + pd.Series(np.arange(n_rec)).astype(str),
                        "N" + pd.Series(np.arange(n_cn)).astype(str)], ignore_index=True)
    t = pd.DataFrame({
        "customer_id": ids.to_numpy(dtype=object)[cust],
        "customer_name": ids.to_numpy(dtype=object)[cust],
        "doc_type": np.repeat(np.array(["invoice", "receipt", "credit_note"], dtype=object), [n_inv, n_rec, n_cn]),
        "doc_no": doc_no.to_numpy(dtype=object),
        "doc_date": np.concatenate([inv_date, rec_date, cn_date]).astype("datetime64[ns]"),
        "due_date": np.concatenate([inv_date + terms.astype("timedelta64[D]"),
                                    np.full(n_rec + n_cn, np.datetime64("NaT"))]).astype("datetime64[ns]"),
        "amount_cents": np.concatenate([inv_amt, rec_amt, cn_amt]).astype("int64"),
        "ref_doc_no": ref.to_numpy(dtype=object),
    })
    return t


def duckdb_sql(edges, as_of) -> str:
    labels = bucket_labels(edges, by="due")
    lows = [None, 1] + [e + 1 for e in edges]
    highs = [0] + list(edges) + [None]
    cases = []
    for lab, lo, hi in zip(labels, lows, highs):
        cond = []
        if lo is not None:
            cond.append(f"age >= {lo}")
        if hi is not None:
            cond.append(f"age <= {hi}")
        cases.append(f'SUM(CASE WHEN {" AND ".join(cond)} THEN open_cents ELSE 0 END)::BIGINT AS "{lab}"')
    return f"""
WITH t AS (SELECT * FROM ledger WHERE doc_date <= TIMESTAMP '{as_of:%Y-%m-%d}'),
deb AS (SELECT customer_id, doc_no, doc_date, COALESCE(due_date, doc_date) AS due_date, amount_cents
        FROM t WHERE doc_type IN ('invoice', 'debit_note', 'opening_balance', 'refund')),
cre AS (SELECT c.customer_id, -c.amount_cents AS amt, d.doc_no AS target
        FROM t c LEFT JOIN deb d ON c.ref_doc_no = d.doc_no AND c.customer_id = d.customer_id
        WHERE c.doc_type IN ('receipt', 'credit_note', 'write_off', 'opening_credit')),
settle AS (SELECT target AS doc_no, SUM(amt) AS s FROM cre WHERE target IS NOT NULL GROUP BY 1),
d2 AS (SELECT d.*, GREATEST(d.amount_cents - COALESCE(s.s, 0), 0) AS open1,
              GREATEST(COALESCE(s.s, 0) - d.amount_cents, 0) AS over
       FROM deb d LEFT JOIN settle s USING (doc_no)),
pool AS (SELECT customer_id, SUM(p) AS pool FROM (
            SELECT customer_id, over AS p FROM d2 WHERE over > 0
            UNION ALL SELECT customer_id, amt FROM cre WHERE target IS NULL) GROUP BY 1),
alloc AS (SELECT d2.customer_id, d2.due_date, d2.open1, COALESCE(pool.pool, 0) AS pool,
                 SUM(open1) OVER (PARTITION BY d2.customer_id ORDER BY doc_date, doc_no
                                  ROWS UNBOUNDED PRECEDING) - open1 AS before
          FROM d2 LEFT JOIN pool USING (customer_id)),
fin AS (SELECT customer_id, open1 - LEAST(GREATEST(pool - before, 0), open1) AS open_cents,
               date_diff('day', due_date, TIMESTAMP '{as_of:%Y-%m-%d}') AS age FROM alloc),
buckets AS (SELECT customer_id, {", ".join(cases)}, SUM(open_cents)::BIGINT AS total FROM fin GROUP BY 1),
opens AS (SELECT customer_id, SUM(open1) AS o FROM d2 GROUP BY 1),
unapplied AS (SELECT p.customer_id, GREATEST(p.pool - COALESCE(o.o, 0), 0)::BIGINT AS unapplied
              FROM pool p LEFT JOIN opens o USING (customer_id))
SELECT COALESCE(b.customer_id, u.customer_id) AS customer_id,
       {", ".join(f'COALESCE(b."{lab}", 0) AS "{lab}"' for lab in labels)},
       COALESCE(b.total, 0) AS total, COALESCE(u.unapplied, 0) AS unapplied
FROM buckets b FULL OUTER JOIN unapplied u USING (customer_id)
WHERE COALESCE(b.total, 0) > 0 OR COALESCE(u.unapplied, 0) > 0
ORDER BY customer_id
"""


def run_creditkit(ledger, edges):
    return age_receivables(ledger, as_of=AS_OF, buckets=edges).table


def run_duckdb(con, ledger, sql):
    con.register("ledger", ledger)
    out = con.execute(sql).df()
    con.unregister("ledger")
    return out


def distinct_object_bytes(ledger: pd.DataFrame) -> int:
    """Bytes the ledger really holds: its arrays plus each distinct Python object once.

    ``memory_usage(deep=True)`` counts an object once per cell that refers to it, so it
    overstates a table whose cells share string objects (as this one's customer codes do).
    """
    from creditkit.receivables._keys import addresses

    total = 0
    for c in ledger.columns:
        a = ledger[c].to_numpy()
        if a.dtype != object:
            total += int(ledger[c].memory_usage(index=False, deep=False))
            continue
        total += a.nbytes
        addr = addresses(a)
        _, first = np.unique(addr, return_index=True)
        total += sum(map(sys.getsizeof, a[first]))
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="documents in the synthetic ledger")
    ap.add_argument("--customers", type=int, default=None, help="customers (default: n / 100)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="timed runs of each engine; the best is kept")
    ap.add_argument("--distinct-strings", action="store_true",
                    help="give every text cell its own string object (as a ledger parsed row by row has)")
    ap.add_argument("--threads", type=int, default=None,
                    help="DuckDB threads (default: every core this process may use)")
    args = ap.parse_args(argv)
    import duckdb

    customers = args.customers or max(1, args.n // 100)
    edges = DEFAULT_EDGES
    t0 = time.perf_counter()
    ledger = synthetic_ledger(args.n, customers, args.seed)
    if args.distinct_strings:
        for c in ("customer_id", "customer_name", "doc_type", "doc_no", "ref_doc_no"):
            ledger[c] = np.array([x.encode().decode() if isinstance(x, str) else x for x in ledger[c].to_numpy()],
                                 dtype=object)
    gen = time.perf_counter() - t0
    size = int(ledger.memory_usage(deep=True).sum())
    real = distinct_object_bytes(ledger)
    print(f"n = {len(ledger):,} documents, {customers:,} customers (generated in {gen:.1f} s"
          + ("; every text cell its own string object)" if args.distinct_strings else ")"))
    print(f"ledger in memory: {size / 2**20:,.0f} MiB (memory_usage(deep=True)); "
          f"{real / 2**20:,.0f} MiB counting each shared string object once")

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = args.threads or cores
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    db_threads = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    print(f"duckdb {duckdb.__version__} with {db_threads} threads (cores usable: {cores}); "
          f"pandas {pd.__version__}, numpy {np.__version__}")
    sql = duckdb_sql(edges, AS_OF)
    small = synthetic_ledger(1000, 10, args.seed + 1)  # warm-up of both engines, not timed: imports, first calls
    run_creditkit(small, edges)
    run_duckdb(con, small, sql)

    ck_times, db_times = [], []
    for _ in range(args.repeat):  # both engines start from the same DataFrame in memory
        gc.collect()
        t0 = time.perf_counter()
        ck = run_creditkit(ledger, edges)
        ck_times.append(time.perf_counter() - t0)
        gc.collect()
        t0 = time.perf_counter()
        db = run_duckdb(con, ledger, sql)
        db_times.append(time.perf_counter() - t0)

    gc.collect()
    tracemalloc.start()
    run_creditkit(ledger, edges)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    labels = bucket_labels(edges)
    a = ck[["customer_id", *labels, "total", "unapplied"]].reset_index(drop=True)
    b = db[["customer_id", *labels, "total", "unapplied"]].reset_index(drop=True)
    b["customer_id"] = b["customer_id"].astype(object)
    same = a.shape == b.shape and all((a[c].astype("int64") == b[c].astype("int64")).all() for c in a.columns[1:]) \
        and (a["customer_id"].astype(str).to_numpy() == b["customer_id"].astype(str).to_numpy()).all()
    ck_t, db_t = min(ck_times), min(db_times)
    print(f"rows in aging table: creditkit {len(a):,}, duckdb {len(b):,}; identical to the cent: {same}")
    print(f"open total {int(a['total'].sum()):,} cents, unapplied {int(a['unapplied'].sum()):,} cents")
    if args.repeat > 1:
        print("runs: creditkit " + ", ".join(f"{x:.2f}" for x in ck_times) + " s; duckdb "
              + ", ".join(f"{x:.2f}" for x in db_times) + " s")
    print(f"creditkit {ck_t:.2f} s | duckdb {db_t:.2f} s | ratio creditkit/duckdb {ck_t / db_t:.2f}x")
    print(f"creditkit peak traced memory {peak / 2**20:,.0f} MiB = {peak / size:.2f}x the ledger's in-memory size"
          f" ({peak / real:.2f}x counting shared strings once)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
