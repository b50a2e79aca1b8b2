"""Receivables aging in DuckDB SQL: :func:`~creditkit.receivables.aging.age_receivables` on a SQL table.

:func:`age_sql` ages the ledger table of a DuckDB connection (the table
:func:`~creditkit.receivables.sql_table.register_ledger` makes, or the
ledger reader's) with the allocation rules of
:mod:`~creditkit.receivables.aging`, written as one SQL query:

0. settlement groups (``clear_key``, its text stripped as Python strips it,
   cleared on or before ``as_of`` or with no ``clear_date``): per customer and
   key, the group's credits go to its debit documents oldest-first (a running
   sum over document date, then number); what they leave over joins the pool;
1. every other credit document with a reference settles the debit document of
   the *same customer* with that number (a join on customer and number);
2. over-settlement, and credits whose reference names nothing usable (no
   reference, a credit document, a document of another customer, one dated
   after ``as_of`` or none at all), make the customer's pool;
3. the pool is applied oldest-first, by document date then number; what is
   left is the customer's unapplied credit. Aged by due date, the documents
   dated on or before ``as_of`` are cut into eight classes of equal spans of
   days: per customer, the class sums tell in which class the pool runs out;
   older classes are paid, newer ones stay open, and only that class's
   documents are taken one by one (a window sum over date, then number).
   Aged by document date, the buckets follow the document date, so the pool
   fills the oldest bucket first and no window is needed.

Text is compared as DuckDB compares VARCHAR, byte by byte in UTF-8, which is
the code-point order in which Python sorts ``str``: ties of date are broken
the same way, so every document gets the same cents.

The table is taken as canonical (:func:`~creditkit.receivables.schema.canonical_table`
checks it, and so does the ledger reader): known document types with the
right signs, whole-day dates, document numbers unique per customer (a
duplicate debit number, which :func:`age_receivables` refuses, is not
checked here). Rows whose customer code is missing, or debit documents
without a number, have no SQL meaning that matches the Python aging; a table
with such a document dated on or before ``as_of`` gets None (the caller then
ages it in Python).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..dates import to_date
from .aging import DEFAULT_EDGES, bucket_labels, parse_buckets
from .schema import CREDIT_TYPES

__all__ = ["age_sql", "aging_query"]

#: Date classes of the oldest-first application: only the documents of the class where a customer's pool runs
#: out are put in order one by one.
_CLASSES = 8
#: The characters ``str.strip()`` removes (``str.isspace``), as an RE2 character class.
_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in map(chr, range(0x3001)) if c.isspace()) + "]"


def _quoted(name: str) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError(f"table must be a non-empty str, got {name!r}")
    return '"' + name.replace('"', '""') + '"'


def _bucket_case(age: str, edges: tuple, by: str) -> str:
    """SQL of the bucket index of an age (as :func:`~creditkit.receivables.aging.bucket_index`)."""
    first = 1 if by == "due" else 0
    whens = [f"WHEN {age} <= {e} THEN {first + i}" for i, e in enumerate(edges)]
    if by == "due":
        whens.insert(0, f"WHEN {age} <= 0 THEN 0")
    return f"CASE {' '.join(whens)} ELSE {first + len(edges)} END"


def aging_query(table: str = "ledger", *, as_of, by: str = "due", buckets=DEFAULT_EDGES,
                groups: bool = True, row_order: str = "rowid") -> str:
    """The SQL of :func:`age_sql`: one row per shown customer, columns ``customer_id, customer_name,
    b0 … bN, total, unapplied, flawed``.

    ``flawed`` (the same on every row) counts the documents dated on or before
    ``as_of`` without a customer code, and the debit documents without a
    number.
    ``groups=False`` leaves out rule 0, for tables without settlement groups.
    ``row_order`` is the column that numbers the rows in their order, one
    number per row: ``rowid`` for a table, ``source_line`` for a view such as
    the SQL reader's (a view has no rowid).

    Examples
    --------
    >>> sql = aging_query(as_of="2025-06-30", buckets=(30, 60))
    >>> "DATE '2025-06-30'" in sql and 'FROM "ledger"' in sql
    True
    """
    edges = parse_buckets(buckets)
    nb = len(bucket_labels(edges, by=by))
    day = f"DATE '{to_date(as_of, name='as_of'):%Y-%m-%d}'"
    credit = ", ".join(f"'{c}'" for c in CREDIT_TYPES)
    gkey = (f"CASE WHEN clear_key IS NOT NULL AND (clear_date IS NULL OR clear_date <= {day}) "
            f"THEN NULLIF(regexp_replace(clear_key, '^{_SPACE_CLASS}+|{_SPACE_CLASS}+$', '', 'g'), '') END"
            if groups else "NULL::VARCHAR")
    bucket = _bucket_case(f"({day} - {'COALESCE(due_date, doc_date)' if by == 'due' else 'doc_date'})", edges, by)
    parts = [f"""
WITH t AS NOT MATERIALIZED (
    SELECT {row_order} AS rn, customer_id, customer_name, doc_type IN ({credit}) AS credit, doc_no, doc_date,
           due_date, amount_cents, ref_doc_no, {gkey} AS gkey
    FROM {_quoted(table)} WHERE doc_date <= {day}),"""]
    if groups:
        parts.append("""
gcred AS (
    SELECT customer_id, gkey, SUM(-amount_cents)::BIGINT AS credits
    FROM t WHERE gkey IS NOT NULL AND credit GROUP BY customer_id, gkey),
gdeb AS (
    SELECT d.rn, d.customer_id, d.gkey,
           LEAST(GREATEST(COALESCE(c.credits, 0)
                          - (SUM(d.amount_cents) OVER (PARTITION BY d.customer_id, d.gkey
                                                       ORDER BY d.doc_date, d.doc_no ROWS UNBOUNDED PRECEDING)
                             - d.amount_cents), 0), d.amount_cents)::BIGINT AS got
    FROM t d LEFT JOIN gcred c ON c.customer_id = d.customer_id AND c.gkey = d.gkey
    WHERE d.gkey IS NOT NULL AND NOT d.credit),
gleft AS (
    SELECT c.customer_id, SUM(c.credits - COALESCE(u.used, 0))::BIGINT AS left_cents
    FROM gcred c LEFT JOIN (SELECT customer_id, gkey, SUM(got) AS used FROM gdeb GROUP BY customer_id, gkey) u
         ON u.customer_id = c.customer_id AND u.gkey = c.gkey
    GROUP BY c.customer_id),""")
    if by == "invoice":  # open amounts by bucket
        piv = [f"o{i}" for i in range(nb)]
        key, cls = "b", ""
    else:  # open amounts by date class: _CLASSES equal spans of days, the oldest first
        piv = [f"c{j}" for j in range(_CLASSES)]
        key = "cls"
        lo = f"(SELECT MIN(doc_date) FROM {_quoted(table)})"
        cls = f", ((doc_date - {lo}) * {_CLASSES}) // GREATEST({day} - {lo} + 1, 1) AS cls"
    pivot = "".join(f", SUM(open1) FILTER (WHERE k = {j})::BIGINT AS {c}" for j, c in enumerate(piv))
    parts.append(f"""
refs AS (
    SELECT customer_id, ref_doc_no, SUM(-amount_cents)::BIGINT AS s
    FROM t WHERE credit AND gkey IS NULL AND ref_doc_no IS NOT NULL GROUP BY customer_id, ref_doc_no),
deb AS (
    SELECT d.customer_id, d.doc_no, d.doc_date, {bucket} AS b, d.amount_cents AS amt,
           {"COALESCE(g.got, 0) + " if groups else ""}COALESCE(r.s, 0) AS settled, COALESCE(r.s, 0) AS linked
    FROM t d
    LEFT JOIN refs r ON r.customer_id = d.customer_id AND r.ref_doc_no = d.doc_no
    {"LEFT JOIN gdeb g ON g.rn = d.rn" if groups else ""}
    WHERE NOT d.credit),
deb1 AS (
    SELECT customer_id, doc_no, doc_date, b, GREATEST(amt - settled, 0) AS open1,
           GREATEST(settled - amt, 0) AS over, linked{cls}
    FROM deb),
cust AS (
    SELECT customer_id, arg_min_null(customer_name, rn) AS customer_name,
           COALESCE(SUM(-amount_cents) FILTER (WHERE credit AND gkey IS NULL), 0)::BIGINT AS free_credit,
           COUNT(*) FILTER (WHERE customer_id IS NULL OR (doc_no IS NULL AND NOT credit)) AS flawed
    FROM t GROUP BY customer_id),
dkey AS (
    SELECT customer_id, {key} AS k, SUM(open1) AS open1, SUM(over) AS over, SUM(linked) AS linked
    FROM deb1 GROUP BY customer_id, k),
dsum AS (
    SELECT customer_id, SUM(open1)::BIGINT AS open1, SUM(over)::BIGINT AS over, SUM(linked)::BIGINT AS linked{pivot}
    FROM dkey GROUP BY customer_id),
pool AS (
    SELECT c.customer_id, c.customer_name, c.flawed,
           c.free_credit - COALESCE(d.linked, 0) + COALESCE(d.over, 0){" + COALESCE(gl.left_cents, 0)" if groups else ""} AS pool,
           COALESCE(d.open1, 0) AS open1{"".join(f", COALESCE(d.{c}, 0) AS {c}" for c in piv)}
    FROM cust c LEFT JOIN dsum d ON d.customer_id = c.customer_id
    {"LEFT JOIN gleft gl ON gl.customer_id = c.customer_id" if groups else ""}),""")
    if by == "invoice":  # buckets follow the document date: the pool fills the oldest bucket first
        cols = []
        for i in range(nb):
            older = " + ".join(f"o{j}" for j in range(i + 1, nb)) or "0"
            cols.append(f"o{i} - LEAST(GREATEST(pool - ({older}), 0), o{i}) AS b{i}")
        parts.append(f"""
g AS (
    SELECT customer_id, {", ".join(cols)} FROM pool)""")
    else:
        sums = ", ".join(f"SUM(open_cents) FILTER (WHERE b = {i}) AS b{i}" for i in range(nb))
        run = [" + ".join(piv[: j + 1]) for j in range(len(piv))]  # open amount of the classes up to j
        cut = " ".join(f"WHEN {r} > pool THEN {j}" for j, r in enumerate(run))
        before = " ".join(f"WHEN {j + 1} THEN {r}" for j, r in enumerate(run[:-1]))
        parts.append(f"""
cut AS (  -- the class the pool runs out in (-1: no pool; {len(piv)}: all paid), and what is left for it
    SELECT customer_id, cstar, pool - CASE cstar {before} ELSE 0 END AS rem
    FROM (SELECT customer_id, pool, {", ".join(piv)},
                 CASE WHEN pool <= 0 THEN -1 {cut} ELSE {len(piv)} END AS cstar FROM pool)),
dj AS (
    SELECT d.customer_id, d.doc_date, d.doc_no, d.b, d.open1, d.cls, k.cstar, k.rem
    FROM deb1 d JOIN cut k ON k.customer_id = d.customer_id WHERE d.open1 > 0 AND d.cls >= k.cstar),
alloc AS (  -- classes after the cut stay open; within its class, the pool is applied document by document
    SELECT customer_id, b, open1 AS open_cents FROM dj WHERE cls > cstar
    UNION ALL
    SELECT customer_id, b,
           open1 - LEAST(GREATEST(rem - (SUM(open1) OVER (PARTITION BY customer_id ORDER BY doc_date, doc_no
                                                          ROWS UNBOUNDED PRECEDING) - open1), 0), open1)
    FROM dj WHERE cls = cstar),
g AS (
    SELECT customer_id, {sums} FROM alloc GROUP BY customer_id)""")
    cols = ",\n       ".join(f"COALESCE(g.b{i}, 0)::BIGINT AS b{i}" for i in range(nb))
    total = " + ".join(f"COALESCE(g.b{i}, 0)" for i in range(nb))
    parts.append(f"""
SELECT p.customer_id, p.customer_name,
       {cols},
       ({total})::BIGINT AS total, GREATEST(p.pool - p.open1, 0)::BIGINT AS unapplied,
       (SELECT SUM(flawed) FROM pool)::BIGINT AS flawed
FROM pool p LEFT JOIN g ON g.customer_id = p.customer_id
WHERE ({total}) > 0 OR p.pool > p.open1
ORDER BY p.customer_id
""")
    return "".join(parts)


def age_sql(con, table: str = "ledger", *, as_of, by: str = "due", buckets=DEFAULT_EDGES) -> pd.DataFrame | None:
    """Age the ledger table of a DuckDB connection: ``age_receivables(...).table``, computed in SQL.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    table : str, default "ledger"
        A table with the canonical columns and SQL types of
        :mod:`~creditkit.receivables.sql_table`, in canonical order (its row
        order decides which name a customer is shown with: that of its first
        document dated on or before ``as_of``, as in the Python aging), or a
        view such as the SQL reader's ``ledger``, whose rows are in the order
        of their ``source_line`` (one per row).
    as_of : str or date
    by : {"due", "invoice"}, default "due"
    buckets : sequence of int or str, default (30, 60, 90, 180, 365)

    Returns
    -------
    DataFrame or None
        The customer table of :func:`~creditkit.receivables.aging.age_receivables`
        — ``customer_id, customer_name, <bucket labels>, total, unapplied``,
        int64 cents, customers with an open amount or unapplied credit, by
        customer code — equal to it cent for cent. None when a document dated
        on or before ``as_of`` has no customer code, or a debit document has
        no number: such a table is aged by the Python aging.

    Raises
    ------
    ValueError, TypeError
        Bad ``as_of``, ``by`` or ``buckets`` (as :func:`age_receivables`).

    Examples
    --------
    >>> import duckdb
    >>> from creditkit.receivables.schema import canonical_table
    >>> from creditkit.receivables.sql_table import register_ledger
    >>> t = canonical_table(pd.DataFrame({"customer_id": ["A", "A", "B"], "customer_name": ["甲", "甲", "乙"],
    ...     "doc_type": ["invoice", "invoice", "receipt"], "doc_no": ["I1", "I2", "R1"],
    ...     "doc_date": pd.to_datetime(["2025-01-01", "2025-05-01", "2025-05-05"]),
    ...     "due_date": pd.to_datetime(["2025-01-31", "2025-05-31", None]),
    ...     "amount_cents": [10000, 5000, -300]}))
    >>> con = duckdb.connect()
    >>> register_ledger(con, t)
    >>> age_sql(con, as_of="2025-06-30", buckets=(30, 60, 90, 180)).values.tolist()
    [['A', '甲', 0, 5000, 0, 0, 10000, 0, 15000, 0], ['B', '乙', 0, 0, 0, 0, 0, 0, 0, 300]]
    """
    labels = bucket_labels(parse_buckets(buckets), by=by)
    groups = con.sql(f"SELECT EXISTS (SELECT 1 FROM {_quoted(table)} WHERE clear_key IS NOT NULL)").fetchall()[0][0]
    view = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND NOT internal",
                       [table]).fetchall()[0][0]
    sql = aging_query(table, as_of=as_of, by=by, buckets=buckets, groups=groups,
                      row_order="source_line" if view else "rowid")
    res = con.sql(sql).to_arrow_table()
    if res.num_rows and res.column("flawed")[0].as_py():
        return None
    if not res.num_rows:  # nothing shown: the flaw check still decides
        flawed = con.sql(f"SELECT COUNT(*) FROM {_quoted(table)} WHERE doc_date <= "
                         f"DATE '{to_date(as_of, name='as_of'):%Y-%m-%d}' AND (customer_id IS NULL OR "
                         f"(doc_no IS NULL AND doc_type NOT IN ({', '.join(repr(c) for c in CREDIT_TYPES)})))"
                         ).fetchall()[0][0]
        if flawed:
            return None
    out = {"customer_id": pd.Series(np.array(res.column("customer_id").to_pylist(), dtype=object), dtype=object),
           "customer_name": np.array(res.column("customer_name").to_pylist(), dtype=object)}
    for i, lab in enumerate(labels):
        out[lab] = res.column(f"b{i}").to_numpy().astype("int64", copy=False)
    out["total"] = res.column("total").to_numpy().astype("int64", copy=False)
    out["unapplied"] = res.column("unapplied").to_numpy().astype("int64", copy=False)
    return pd.DataFrame(out)
