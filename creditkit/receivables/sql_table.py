"""The canonical ledger table in DuckDB: to a connection's TEMP TABLE and back.

DuckDB is the kit's SQL engine for large ledgers. Its ledger table holds the
canonical columns of :mod:`~creditkit.receivables.schema`, one row per
document (in canonical order when it comes from pandas; the SQL reader's
view ``ledger`` is in the file's order, and :func:`ledger_frame` puts it in
canonical order with ``sort=True``), with these SQL types (NULL where pandas
holds NA/NaT):

==============  ========  ==============  ========
column          SQL type  column          SQL type
==============  ========  ==============  ========
customer_id     VARCHAR   ref_doc_no      VARCHAR
customer_name   VARCHAR   sales_rep       VARCHAR
doc_type        VARCHAR   terms           INTEGER
doc_no          VARCHAR   memo            VARCHAR
doc_date        DATE      clear_key       VARCHAR
due_date        DATE      clear_date      DATE
amount_cents    BIGINT    source_line     BIGINT
==============  ========  ==============  ========

:func:`register_ledger` moves a pandas table there through Arrow (column by
column, no per-row Python); :func:`ledger_frame` brings it back in canonical
dtypes: text as Python strings in object columns (whatever text dtype the
frame had; a repeated customer code, name, type or rep is one string object),
missing text as NaN, dates as ``datetime64[ns]``, ``amount_cents`` as int64,
``terms`` and ``source_line`` as ``Int64``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import SchemaError
from .schema import CANONICAL_COLUMNS

__all__ = ["SQL_TYPES", "OPTIONAL_TEXT", "register_ledger", "ledger_frame"]

#: SQL type of each canonical column, in canonical order.
SQL_TYPES = {
    "customer_id": "VARCHAR", "customer_name": "VARCHAR", "doc_type": "VARCHAR", "doc_no": "VARCHAR",
    "doc_date": "DATE", "due_date": "DATE", "amount_cents": "BIGINT", "ref_doc_no": "VARCHAR",
    "sales_rep": "VARCHAR", "terms": "INTEGER", "memo": "VARCHAR", "clear_key": "VARCHAR",
    "clear_date": "DATE", "source_line": "BIGINT",
}
_ARROW_TYPES = {"VARCHAR": pa.string(), "DATE": pa.date32(), "BIGINT": pa.int64(), "INTEGER": pa.int32()}
#: Text columns held once per distinct value (customers, types and reps repeat on many rows).
_SHARED = ("customer_id", "customer_name", "doc_type", "sales_rep")
#: Text columns that may be missing (NaN in the frame, as a loaded ledger has them).
#: Optional text columns (NaN where empty in a pandas ledger).
OPTIONAL_TEXT = ("ref_doc_no", "sales_rep", "memo", "clear_key")
_DAY_NS = 86_400_000_000_000


def _quoted(name: str) -> str:
    if not isinstance(name, str) or not name:
        raise ValueError(f"table name must be a non-empty str, got {name!r}")
    return '"' + name.replace('"', '""') + '"'


def _arrow_column(frame: pd.DataFrame, c: str) -> pa.Array:
    kind = SQL_TYPES[c]
    col = frame[c]
    try:
        if kind == "VARCHAR":
            return pa.array(col.to_numpy(dtype=object), type=pa.string(), from_pandas=True)
        if kind == "DATE":
            values = pd.to_datetime(col).to_numpy(dtype="datetime64[ns]")
            ns = values.view("int64")
            timed = ~np.isnat(values) & (ns % _DAY_NS != 0)
            if timed.any():
                raise SchemaError(f"ledger.{c} holds a time of day ({values[timed][0]}); "
                                  "the ledger's dates are whole days")
            return pa.array(values).cast(pa.date32())
        if kind == "BIGINT" and c == "amount_cents":
            return pa.array(col.to_numpy(dtype="int64"))
        return pa.array(col.astype("Int64").array).cast(_ARROW_TYPES[kind])
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as e:
        raise SchemaError(f"ledger.{c} cannot be held as SQL {kind}: {e}") from None


def register_ledger(con, frame: pd.DataFrame, name: str = "ledger") -> None:
    """Put a canonical ledger table into a DuckDB connection as ``TEMP TABLE name``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    frame : DataFrame
        A canonical ledger table (:func:`~creditkit.receivables.schema.canonical_table`
        output): every canonical column, rows in canonical order (kept as they are).
    name : str, default "ledger"
        The table's name; a table of that name is replaced.

    Raises
    ------
    SchemaError
        A canonical column is missing, or a value does not fit its SQL type (a
        date with a time of day, ``terms`` beyond INTEGER, text that is not text).

    Examples
    --------
    >>> import duckdb
    >>> from creditkit.receivables.schema import canonical_table
    >>> t = canonical_table(pd.DataFrame({"customer_id": ["A"], "customer_name": ["甲"],
    ...     "doc_type": ["invoice"], "doc_no": ["I1"], "doc_date": pd.to_datetime(["2025-01-01"]),
    ...     "due_date": pd.to_datetime(["2025-01-31"]), "amount_cents": [10000]}))
    >>> con = duckdb.connect()
    >>> register_ledger(con, t)
    >>> con.execute("SELECT doc_no, due_date - doc_date, amount_cents FROM ledger").fetchall()
    [('I1', 30, 10000)]
    """
    missing = [c for c in CANONICAL_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"ledger lacks column(s) {missing}; expected the canonical ledger table")
    arrow = pa.Table.from_arrays([_arrow_column(frame, c) for c in CANONICAL_COLUMNS], names=CANONICAL_COLUMNS)
    view = f"__creditkit_arrow_{id(arrow):x}"
    con.register(view, arrow)
    try:
        cols = ", ".join(f'"{c}"::{SQL_TYPES[c]} AS "{c}"' for c in CANONICAL_COLUMNS)
        con.execute(f'CREATE OR REPLACE TEMP TABLE {_quoted(name)} AS SELECT {cols} FROM "{view}"')
    finally:
        con.unregister(view)


def _text(arr: pa.ChunkedArray, shared: bool, optional: bool) -> pd.Series:
    if shared:
        enc = arr.combine_chunks().dictionary_encode() if arr.num_chunks else pa.array([], pa.string()).dictionary_encode()
        uniques = np.append(enc.dictionary.to_numpy(zero_copy_only=False).astype(object), np.nan if optional else None)
        codes = enc.indices.fill_null(len(uniques) - 1).to_numpy(zero_copy_only=False)
        values = uniques.take(codes)
    else:
        values = np.array(arr.to_numpy(zero_copy_only=False), dtype=object)
        if optional and arr.null_count:
            values[arr.is_null().to_numpy(zero_copy_only=False)] = np.nan
    return pd.Series(values, dtype=object, copy=False)


def ledger_frame(con, name: str = "ledger", *, sort: bool = False) -> pd.DataFrame:
    """A ledger table of a DuckDB connection as a canonical pandas table.

    The inverse of :func:`register_ledger`: the canonical columns in
    canonical order, with the dtypes a loaded ledger has, rows in the table's
    order.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    name : str, default "ledger"
    sort : bool, default False
        Rows in canonical order (customer, document date, document number,
        source line) instead of the table's.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> import duckdb
    >>> con = duckdb.connect()
    >>> _ = con.execute("CREATE TEMP TABLE ledger AS SELECT 'A' AS customer_id, '甲' AS customer_name, "
    ...     "'invoice' AS doc_type, 'I1' AS doc_no, DATE '2025-01-01' AS doc_date, DATE '2025-01-31' AS due_date, "
    ...     "10000::BIGINT AS amount_cents, NULL AS ref_doc_no, NULL AS sales_rep, 30 AS terms, NULL AS memo, "
    ...     "NULL AS clear_key, NULL::DATE AS clear_date, 2::BIGINT AS source_line")
    >>> t = ledger_frame(con)
    >>> t[["doc_no", "due_date", "amount_cents", "terms"]].values.tolist()
    [['I1', Timestamp('2025-01-31 00:00:00'), 10000, 30]]
    >>> str(t["terms"].dtype), str(t["doc_date"].dtype)
    ('Int64', 'datetime64[ns]')
    """
    cols = ", ".join(f'"{c}"::{SQL_TYPES[c]} AS "{c}"' for c in CANONICAL_COLUMNS)
    order = " ORDER BY customer_id, doc_date, doc_no, source_line" if sort else ""
    arrow = con.sql(f"SELECT {cols} FROM {_quoted(name)}{order}").to_arrow_table()
    out = {}
    for c in CANONICAL_COLUMNS:
        arr = arrow.column(c)
        kind = SQL_TYPES[c]
        if kind == "VARCHAR":
            out[c] = _text(arr, c in _SHARED, c in OPTIONAL_TEXT)
        elif kind == "DATE":
            out[c] = arr.cast(pa.timestamp("ns")).to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        elif c == "amount_cents":
            out[c] = arr.to_numpy().astype("int64", copy=False)
        else:
            out[c] = pd.array(arr.cast(pa.int64()).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get),
                              dtype="Int64")
    return pd.DataFrame(out, copy=False)
