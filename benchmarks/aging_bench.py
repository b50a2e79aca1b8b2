"""Aging benchmark: the whole `creditkit aging` run from a CSV file against DuckDB SQL on the same file.

Writes a synthetic ledger export to a CSV file — ``clean`` (UTF-8, canonical
headers, ISO dates, plain amounts) or ``messy`` (GBK, Chinese headers and
document-type words, ``￥1,234.56`` amounts, ``2025年1月3日`` dates) — and times,
in one run, each engine as a user runs it, in its own subprocess:

* creditkit: ``python -m creditkit.cli aging FILE --as-of 2025-06-30 --out out.csv``
  (read, parse, validate, age, write);
* DuckDB: a Python process that reads the same file with ``read_csv``, parses
  amounts, dates and types in SQL, applies the same aging rule (references
  first, the pool oldest-first, unapplied credit, buckets) and writes the
  customer table with ``COPY``. DuckDB reads no GBK without a downloaded
  extension, so for the messy file its process first re-encodes the file to
  UTF-8 (timed with it).

Peak memory is the largest resident set size of each subprocess, polled every
20 ms. With ``--repeat N`` the engines take turns N times on each file and the
median time (and the largest peak) of each is shown. The package's bytecode is
compiled first, as an install compiles it, so no run pays for compiling it. Both
customer tables are compared to the cent; the script exits 1 when they differ.

Usage::

    python benchmarks/aging_bench.py --n 2000000 --format clean messy [--repeat 3] [--threads N] [--keep DIR]
    python benchmarks/aging_bench.py --mode memory --n 10000000      # the aging alone, on a table in memory

DuckDB, the peer, is also the engine of creditkit's SQL reader (a dependency of the kit).
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

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


def memory_main(argv=None):
    """The aging alone: creditkit and DuckDB on the same DataFrame in memory (the secondary comparison)."""
    ap = argparse.ArgumentParser(description="aging of a ledger already in memory")
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





# ----------------------------------------------------------------------------- the whole run from a file

CREDIT_WORDS = {"invoice": "销售发票", "receipt": "收款单", "credit_note": "红字发票"}
MESSY_HEADERS = {"customer_id": "客户编码", "customer_name": "客户名称", "doc_type": "单据类型", "doc_no": "单据编号",
                 "doc_date": "单据日期", "due_date": "到期日", "amount": "金额", "ref_doc_no": "核销单据号"}


def _yuan_text(cents: np.ndarray, messy: bool) -> pd.Series:
    whole, frac = np.divmod(np.abs(cents), 100)
    w = pd.Series(whole).astype(str)
    if messy:  # thousands separators, vectorised: 1234567 -> 1,234,567
        w = w.str.replace(r"(\d)(?=(\d{3})+$)", r"\1,", regex=True)
    text = w + "." + pd.Series(frac).astype(str).str.zfill(2)
    return "￥" + text if messy else text


def _date_text(dates: np.ndarray, messy: bool) -> pd.Series:
    d = pd.Series(dates)
    if not messy:
        return d.dt.strftime("%Y-%m-%d").fillna("")
    out = d.dt.year.astype("Int64").astype(str) + "年" + d.dt.month.astype("Int64").astype(str) + "月" \
        + d.dt.day.astype("Int64").astype(str) + "日"
    return out.where(d.notna(), "")


def write_export(path: Path, n: int, customers: int, seed: int, fmt: str) -> None:
    """A ledger export of about ``n`` documents as a CSV file (receipts and credit notes written positive)."""
    t = synthetic_ledger(n, customers, seed)
    messy = fmt == "messy"
    out = pd.DataFrame({
        "customer_id": t["customer_id"], "customer_name": "客户" + t["customer_name"].astype(str),
        "doc_type": t["doc_type"].map(CREDIT_WORDS) if messy else t["doc_type"],
        "doc_no": t["doc_no"],
        "doc_date": _date_text(t["doc_date"].to_numpy(), messy).to_numpy(),
        "due_date": _date_text(t["due_date"].to_numpy(), messy).to_numpy(),
        "amount": _yuan_text(t["amount_cents"].to_numpy(), messy).to_numpy(),
        "ref_doc_no": t["ref_doc_no"].fillna(""),
    })
    if messy:
        out = out.rename(columns=MESSY_HEADERS)
    out.to_csv(path, index=False, encoding="gbk" if messy else "utf-8")


def duckdb_file_sql(src: str, fmt: str, out: str, edges, as_of) -> str:
    """Read the export, parse it, age it with :func:`duckdb_sql` and write the customer table (cents)."""
    h = MESSY_HEADERS if fmt == "messy" else {c: c for c in MESSY_HEADERS}
    if fmt == "messy":
        amount = f"CAST(round(CAST(regexp_replace(\"{h['amount']}\", '[￥,]', '', 'g') AS DECIMAL(38,2)) * 100) AS BIGINT)"
        dd = f"CAST(strptime(\"{h['doc_date']}\", '%Y年%m月%d日') AS TIMESTAMP)"
        due = f"CAST(strptime(NULLIF(\"{h['due_date']}\", ''), '%Y年%m月%d日') AS TIMESTAMP)"
        kind = (f"CASE \"{h['doc_type']}\" WHEN '销售发票' THEN 'invoice' WHEN '收款单' THEN 'receipt' "
                f"WHEN '红字发票' THEN 'credit_note' END")
    else:
        amount = f"CAST(round(CAST(\"{h['amount']}\" AS DECIMAL(38,2)) * 100) AS BIGINT)"
        dd = f"CAST(CAST(\"{h['doc_date']}\" AS DATE) AS TIMESTAMP)"
        due = f"CAST(CAST(NULLIF(\"{h['due_date']}\", '') AS DATE) AS TIMESTAMP)"
        kind = f"\"{h['doc_type']}\""
    ledger = f"""
CREATE TEMP TABLE ledger AS
SELECT "{h['customer_id']}" AS customer_id, "{h['customer_name']}" AS customer_name, {kind} AS doc_type,
       "{h['doc_no']}" AS doc_no, {dd} AS doc_date, {due} AS due_date,
       CASE WHEN {kind} IN ('receipt', 'credit_note') THEN -abs({amount}) ELSE abs({amount}) END AS amount_cents,
       NULLIF("{h['ref_doc_no']}", '') AS ref_doc_no
FROM read_csv('{src}', all_varchar = true, header = true);
"""
    return ledger + f"COPY ({duckdb_sql(edges, as_of)}) TO '{out}' (HEADER, DELIMITER ',');"


DUCKDB_CHILD = r"""
import codecs, shutil, sys, duckdb
src, fmt, out, sql_file, threads = sys.argv[1:6]
if fmt == "messy":  # DuckDB reads no GBK: re-encode to UTF-8 first
    utf8 = out + ".utf8.csv"
    with open(src, encoding="gb18030", newline="") as fin, open(utf8, "w", encoding="utf-8", newline="") as fout:
        shutil.copyfileobj(fin, fout, 1 << 22)
    src = utf8
con = duckdb.connect()
con.execute(f"SET threads = {threads}")
con.execute(open(sql_file, encoding="utf-8").read().replace("__SRC__", src))
"""


def measured(cmd, env=None):
    """Wall time and peak resident memory (bytes) of a subprocess, polled every 20 ms."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            peak = max(peak, ps.memory_info().rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} failed ({proc.returncode}): {err[-2000:]}")
    return wall, peak


def _cents_table(path: Path, yuan: bool) -> pd.DataFrame:
    t = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    cols = [c for c in t.columns if c not in ("customer_id", "customer_name")]
    out = pd.DataFrame({"customer_id": t["customer_id"]})
    for c in cols:
        if yuan:
            parts = t[c].str.partition(".")
            out[c] = parts[0].astype("int64") * 100 + parts[2].str.ljust(2, "0").astype("int64")
        else:
            out[c] = t[c].astype("int64")
    return out.sort_values("customer_id").reset_index(drop=True)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mode", choices=["cli", "memory"], default="cli",
                    help="cli: the whole run from a CSV file (default); memory: the aging of a table in memory")
    ap.add_argument("--n", type=int, nargs="+", default=[2_000_000], help="documents (several sizes allowed)")
    ap.add_argument("--format", nargs="+", choices=["clean", "messy"], default=["clean", "messy"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: every usable core)")
    ap.add_argument("--keep", metavar="DIR", help="write the files here and keep them (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each engine on each file, taking turns; the median time is shown (default: 1)")
    ap.add_argument("--python-engine", action="store_true",
                    help="also time `creditkit aging --engine python` (the Python reader on every file)")
    args, rest = ap.parse_known_args(argv)
    if args.mode == "memory":
        return memory_main(["--n", str(args.n[0]), "--seed", str(args.seed), "--repeat", str(args.repeat), *rest])
    import duckdb

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    threads = args.threads or cores
    edges = DEFAULT_EDGES
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="aging_bench_"))
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    import creditkit

    env["PYTHONPATH"] = str(Path(creditkit.__file__).parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    import compileall

    compileall.compile_dir(str(Path(creditkit.__file__).parent), quiet=1)  # as an install does
    print(f"creditkit {creditkit.__version__}, duckdb {duckdb.__version__} ({threads} threads), pandas "
          f"{pd.__version__}; cores usable: {cores}")
    extra = " --engine python s | its peak MiB |" if args.python_engine else ""
    print("| documents | format | file MiB | creditkit s | DuckDB s | time ratio | creditkit peak MiB | "
          f"DuckDB peak MiB | memory ratio | µs/row creditkit | same to the cent |{extra}")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|" + ("---:|---:|" if extra else ""))
    ok = True
    for n in args.n:
        for fmt in args.format:
            src = work / f"ledger_{n}_{fmt}.csv"
            if not src.exists():
                write_export(src, n, max(1, n // 100), args.seed, fmt)
            ck_out, db_out = work / f"ck_{n}_{fmt}.csv", work / f"db_{n}_{fmt}.csv"
            sql_file = work / f"aging_{fmt}.sql"
            sql_file.write_text(duckdb_file_sql("__SRC__", fmt, str(db_out), edges, AS_OF), encoding="utf-8")
            cli = [sys.executable, "-m", "creditkit.cli", "aging", str(src), "--as-of", f"{AS_OF:%Y-%m-%d}"]
            duck = [sys.executable, "-c", DUCKDB_CHILD, str(src), fmt, str(db_out), str(sql_file), str(threads)]
            runs = [(measured(cli + ["--out", str(ck_out)], env), measured(duck, env)) for _ in range(args.repeat)]
            ck_t, ck_mem = float(np.median([c[0] for c, _ in runs])), max(c[1] for c, _ in runs)
            db_t, db_mem = float(np.median([d[0] for _, d in runs])), max(d[1] for _, d in runs)
            a, b = _cents_table(ck_out, yuan=True), _cents_table(db_out, yuan=False)
            same = a.shape == b.shape and a.astype(str).equals(b[a.columns].astype(str))
            cells = ""
            if args.python_engine:
                py_out = work / f"py_{n}_{fmt}.csv"
                py_t, py_mem = measured(cli + ["--out", str(py_out), "--engine", "python"], env)
                same &= _cents_table(py_out, yuan=True).equals(a)
                cells = f" {py_t:.1f} | {py_mem / 2**20:,.0f} |"
            ok &= same
            print(f"| {n:,} | {fmt} | {src.stat().st_size / 2**20:,.0f} | {ck_t:.1f} | {db_t:.1f} | {ck_t / db_t:.2f}× | "
                  f"{ck_mem / 2**20:,.0f} | {db_mem / 2**20:,.0f} | {ck_mem / db_mem:.1f}× | {ck_t / n * 1e6:.0f} | "
                  f"{same} ({len(a):,} customers) |{cells}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
