"""Taking a scorecard out of the kit: Excel workbook, SQL expression, Python function.

The SQL and Python outputs depend on nothing but the points table: they
bin each variable with the same rules (left-closed numeric bins, special
values, a missing bin, unseen categories) and add the points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scaling import BASE, check_points_table

__all__ = ["to_excel", "to_sql", "to_python"]


def _table_of(scorecard):
    table = getattr(scorecard, "points_table_", scorecard)
    return check_points_table(table)


def to_excel(scorecard, path, *, binning=True):
    """Write the scorecard to an Excel workbook.

    Sheets: ``points`` (the points table), ``scaling`` (base score, odds,
    PDO, factor, offset) and, for a fitted Scorecard with ``binning=True``,
    ``binning`` (every binning table) and ``coefficients``.

    Parameters
    ----------
    scorecard : Scorecard or DataFrame
        A fitted Scorecard or a points table.
    path : str or Path
    binning : bool, default True

    Returns
    -------
    Path of the workbook.
    """
    from pathlib import Path

    table = _table_of(scorecard).copy()
    table["categories"] = table["categories"].map(lambda c: " | ".join(map(str, c)) if c is not None else "")
    table["special_value"] = table["special_value"].map(lambda v: "" if v is None else str(v))
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as xw:
        table.to_excel(xw, sheet_name="points", index=False)
        scaling = getattr(scorecard, "scaling_", None)
        if scaling is not None:
            pd.DataFrame({
                "parameter": ["base_score", "base_odds", "pdo", "factor", "offset"],
                "value": [scaling.base_score, scaling.base_odds, scaling.pdo, scaling.factor, scaling.offset],
            }).to_excel(xw, sheet_name="scaling", index=False)
        if binning and hasattr(scorecard, "woe_"):
            scorecard.woe_.woe_map().to_excel(xw, sheet_name="binning", index=False)
            scorecard.coefficients_.reset_index().to_excel(xw, sheet_name="coefficients", index=False)
    return path


def _num(v) -> str:
    return repr(float(v))


def _sql_literal(v) -> str:
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool):
        return repr(float(v)) if isinstance(v, (float, np.floating)) else str(int(v))
    return "'" + str(v).replace("'", "''") + "'"


def _parts(rows):
    is_missing = rows["is_missing"].to_numpy(dtype=bool)
    special = rows["special_value"].notna().to_numpy() & ~is_missing
    regular = ~is_missing & ~special
    miss = float(rows["points"][is_missing].iloc[0]) if is_missing.any() else 0.0
    return rows[regular], rows[special], miss


def to_sql(scorecard, *, score_name="score") -> str:
    """The score as one SQL expression of CASE WHEN clauses.

    Parameters
    ----------
    scorecard : Scorecard or DataFrame
        A fitted Scorecard or a points table.
    score_name : str, default "score"
        Alias of the expression.

    Returns
    -------
    str
        ``base + CASE WHEN "x" IS NULL THEN ... END + ... AS score``, to put
        in a SELECT list. Column names are double-quoted.

    Examples
    --------
    >>> import numpy as np
    >>> from creditkit.scorecard import bin_variable, points_table
    >>> vb = bin_variable(np.arange(8), np.array([1, 1, 0, 1, 0, 0, 0, 0]), name="x",
    ...                   splits=[3], smoothing=0)
    >>> print(to_sql(points_table([vb], [-1.0], -0.5, decimals=1)))
    501.5
      + CASE WHEN "x" IS NULL THEN 0.0 WHEN "x" < 3.0 THEN -34.7 ELSE 25.3 END
      AS "score"
    """
    table = _table_of(scorecard)
    base = table.loc[table["variable"] == BASE, "points"]
    lines = [_num(base.iloc[0]) if len(base) else "0.0"]
    for var in [v for v in pd.unique(table["variable"]) if v != BASE]:
        rows = table[table["variable"] == var]
        reg, spec, miss = _parts(rows)
        col = '"' + str(var).replace('"', '""') + '"'
        whens = [f"WHEN {col} IS NULL THEN {_num(miss)}"]
        infinite = [s for s in spec["special_value"] if isinstance(s, (float, np.floating)) and np.isinf(s)]
        if infinite:
            raise ValueError(
                f"variable {var!r} has the special value {infinite[0]!r}, and SQL has no portable literal "
                "for infinity: map it to a finite code in the data and the scorecard, or score with to_python"
            )
        whens += [f"WHEN {col} = {_sql_literal(s)} THEN {_num(p)}" for s, p in zip(spec["special_value"], spec["points"])]
        if rows["kind"].iloc[0] == "numeric":
            pts = reg["points"].to_numpy()
            uppers = reg["upper"].to_numpy()
            whens += [f"WHEN {col} < {_num(u)} THEN {_num(p)}" for u, p in zip(uppers[:-1], pts[:-1])]
            default = pts[-1]
        else:
            for cats, p in zip(reg["categories"], reg["points"]):
                whens.append(f"WHEN {col} IN ({', '.join(_sql_literal(c) for c in cats)}) THEN {_num(p)}")
            unseen = rows["unseen"].to_numpy(dtype=bool)
            default = rows["points"][unseen].iloc[0] if unseen.any() else miss
        lines.append(f"  + CASE {' '.join(whens)} ELSE {_num(default)} END")
    lines.append(f'  AS "{score_name}"')
    return "\n".join(lines)


def to_python(scorecard, *, name="score") -> str:
    """Source of a plain Python function ``name(row) -> float`` for the scorecard.

    The function takes a mapping (a dict or a pandas row) of variable values
    and needs no import beyond the standard library. Missing values are
    ``None`` or NaN.

    Examples
    --------
    >>> import numpy as np
    >>> from creditkit.scorecard import bin_variable, points_table
    >>> vb = bin_variable(np.arange(8), np.array([1, 1, 0, 1, 0, 0, 0, 0]), name="x",
    ...                   splits=[3], smoothing=0)
    >>> src = to_python(points_table([vb], [-1.0], -0.5, decimals=1))
    >>> namespace = {}
    >>> exec(src, namespace)
    >>> namespace["score"]({"x": 5}), namespace["score"]({"x": None})
    (526.8, 501.5)
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a Python identifier, got {name!r}")
    table = _table_of(scorecard)
    base = table.loc[table["variable"] == BASE, "points"]
    out = [
        f"def {name}(row):",
        '    """Scorecard points of one applicant (a mapping of variable values)."""',
        "    def _missing(v):",
        "        if v is None:",
        "            return True",
        "        try:",
        "            return bool(v != v)  # NaN; pandas' NA and NaT cannot be compared at all",
        "        except TypeError:",
        "            return True",
        "    def _number(v, name, specials=()):",
        "        if isinstance(v, str):",
        "            try:",
        "                v = float(v.strip())",
        "            except ValueError:",
        "                return None  # text that is not a number counts as missing",
        "        if not _missing(v) and v in (float('inf'), float('-inf')) and v not in specials:",
        "            raise ValueError(f'variable {name!r} holds an infinite value; no bin is meant for it')",
        "        return v",
        f"    total = {_num(base.iloc[0]) if len(base) else '0.0'}",
    ]
    for var in [v for v in pd.unique(table["variable"]) if v != BASE]:
        rows = table[table["variable"] == var]
        reg, spec, miss = _parts(rows)
        if rows["kind"].iloc[0] == "numeric":
            specials = "".join(f"{_literal(x)}, " for x in spec["special_value"])
            out.append(f"    v = _number(row[{str(var)!r}], {str(var)!r}, ({specials}))")
        else:
            out.append(f"    v = row[{str(var)!r}]")
        out.append(f"    if _missing(v):\n        total += {_num(miss)}")
        for s, p in zip(spec["special_value"], spec["points"]):
            out.append(f"    elif v == {_literal(s)}:\n        total += {_num(p)}")
        if rows["kind"].iloc[0] == "numeric":
            pts = reg["points"].to_numpy()
            for u, p in zip(reg["upper"].to_numpy()[:-1], pts[:-1]):
                out.append(f"    elif v < {_num(u)}:\n        total += {_num(p)}")
            out.append(f"    else:\n        total += {_num(pts[-1])}")
        else:
            for cats, p in zip(reg["categories"], reg["points"]):
                out.append(f"    elif v in {tuple(_plain(c) for c in cats)!r}:\n        total += {_num(p)}")
            unseen = rows["unseen"].to_numpy(dtype=bool)
            default = rows["points"][unseen].iloc[0] if unseen.any() else miss
            out.append(f"    else:\n        total += {_num(default)}")
    out.append("    return total")
    return "\n".join(out) + "\n"


def _literal(v) -> str:
    """Python source of a special value (infinity has no literal)."""
    v = _plain(v)
    if isinstance(v, float) and v in (float("inf"), float("-inf")):
        return "float('inf')" if v > 0 else "float('-inf')"
    return repr(v)


def _plain(c):
    if isinstance(c, np.generic):
        return c.item()
    return c

