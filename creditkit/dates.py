"""Dates: timezone-free calendar days, parsed and counted in one place."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pandas as pd

__all__ = ["to_date", "days_between", "parse_dates", "EXCEL_EPOCH"]


def to_date(value, *, name: str = "date") -> pd.Timestamp:
    """Parse one date given as ``YYYY-MM-DD`` text, ``date`` or ``Timestamp``.

    Library code never reads the clock: anything that depends on "today" takes
    an explicit date, parsed with this function.

    Examples
    --------
    >>> to_date("2025-06-30")
    Timestamp('2025-06-30 00:00:00')
    >>> to_date("2025-02-30", name="as_of")
    Traceback (most recent call last):
    ...
    ValueError: as_of must be a valid date (YYYY-MM-DD), got '2025-02-30'
    """
    if isinstance(value, pd.Timestamp):
        return value.normalize().tz_localize(None) if value.tz is not None else value.normalize()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return pd.Timestamp(value).normalize()
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a date or 'YYYY-MM-DD' text, got {type(value).__name__}")
    try:
        return pd.Timestamp(_dt.date.fromisoformat(value.strip()))
    except ValueError:
        raise ValueError(f"{name} must be a valid date (YYYY-MM-DD), got {value!r}") from None


def days_between(start, end):
    """Whole days from ``start`` to ``end`` (``end - start``), vectorised.

    Examples
    --------
    >>> days_between("2025-01-31", "2025-03-01")
    29
    """
    if isinstance(start, str) or isinstance(end, str):
        start = to_date(start, name="start") if isinstance(start, str) else start
        end = to_date(end, name="end") if isinstance(end, str) else end
    delta = pd.to_datetime(end) - pd.to_datetime(start)
    if isinstance(delta, pd.Timedelta):
        return int(delta.days)
    return delta.dt.days if hasattr(delta, "dt") else delta.days


#: Day zero of Excel's 1900 date system (serial 1 = 1900-01-01, with Excel's
#: phantom 1900-02-29 absorbed by starting on 1899-12-30).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


#: Years a date may have (the range of a nanosecond timestamp); a date outside them is an unreadable cell.
FIRST_YEAR, LAST_YEAR = 1678, 2261


def _in_range(d: pd.Series) -> pd.Series:
    """Parsed dates as ``datetime64[ns]``, NaT where the year is outside ``FIRST_YEAR`` … ``LAST_YEAR``."""
    ok = d.dt.year.between(FIRST_YEAR, LAST_YEAR)
    return d.where(ok).astype("datetime64[ns]")


def parse_dates(values, *, date_format: str | None = None, name: str = "date"):
    """Parse messy date values to timezone-free dates, vectorised.

    Understands ``2025-01-03``, ``2025/1/3``, ``2025.1.3``, ``2025年1月3日``,
    ``20250103``, the same followed by a time (``2025-01-03 00:00:00``, as
    Excel cells read back), Excel serial day numbers (``45660``), and
    ``date`` / ``Timestamp`` objects. Day-first or month-first text such as
    ``01/03/2025`` is ambiguous and is only read with an explicit
    ``date_format`` (``"%m/%d/%Y"``).

    Parameters
    ----------
    values : array-like or Series
    date_format : str, optional
        A ``strftime`` format; when given, text is read with it alone
        (Excel serials and date objects are still understood).
    name : str, default "date"
        Name used in error messages.

    Returns
    -------
    dates : Series of datetime64[ns]
        ``NaT`` where empty or unreadable.
    bad : Series of bool
        True where a non-empty value is not a real date (e.g. 2025-02-30).

    Examples
    --------
    >>> d, bad = parse_dates(["2025-01-03", "2025/1/3", "2025年1月3日", "20250103", "45660", "2025-02-30", ""])
    >>> [x.strftime("%Y-%m-%d") if not pd.isna(x) else None for x in d]
    ['2025-01-03', '2025-01-03', '2025-01-03', '2025-01-03', '2025-01-03', None, None]
    >>> bad.tolist()
    [False, False, False, False, False, True, False]
    """
    if date_format is not None and not isinstance(date_format, str):
        raise TypeError(f"date_format must be a str such as '%m/%d/%Y', got {type(date_format).__name__}")
    s = pd.Series(values)
    if s.dtype.kind == "M":
        d = s.dt.tz_localize(None) if getattr(s.dt, "tz", None) is not None else s
        return d.dt.normalize().astype("datetime64[ns]"), pd.Series(False, index=s.index)
    if len(s) > 64 and s.dtype.kind not in "iuf":  # a column repeats its dates: parse each text once
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if len(uniques) < len(s) // 2:
            d, b = parse_dates(pd.Series(np.append(np.asarray(uniques, dtype=object), None), dtype=object),
                               date_format=date_format, name=name)
            return (pd.Series(d.to_numpy()[codes], index=s.index),
                    pd.Series(b.to_numpy()[codes], index=s.index))
    if s.dtype.kind in "iuf":
        txt = s.map(lambda v: "" if pd.isna(v) else format(v, ".15g")).astype(object)
    else:
        def one(v):
            if isinstance(v, str):
                return v
            if v is None or (isinstance(v, float) and v != v) or v is pd.NaT:
                return ""
            if isinstance(v, (_dt.date, _dt.datetime, pd.Timestamp)):
                return v.strftime("%Y-%m-%d")
            if isinstance(v, float):
                return format(v, ".15g")
            return str(v)

        txt = s.astype(object).map(one)
    t = pd.Series(txt, index=s.index, dtype=object).astype(str).str.normalize("NFKC").str.strip()
    empty = t.eq("") | t.str.fullmatch(r"(?i)nan|nat|none|null|-{1,2}")
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")

    serial = t.str.fullmatch(r"\d{1,5}(?:\.0+)?") & ~empty
    if serial.any():
        n = pd.to_numeric(t[serial], errors="coerce")
        okn = (n >= 1) & (n <= 2958465)
        out[serial] = (EXCEL_EPOCH + pd.to_timedelta(n.where(okn), unit="D")).astype("datetime64[ns]")

    rest = ~serial & ~empty
    if date_format is not None:
        out[rest] = _in_range(pd.to_datetime(t[rest], format=date_format, errors="coerce"))
    else:
        u = t[rest].str.replace(r"(\d)\s*[年月]\s*", r"\1-", regex=True).str.replace(r"\s*日$", "", regex=True)
        u = u.str.replace(r"[/.]", "-", regex=True)
        ymd = u.str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
        compact = u.str.extract(r"^(\d{4})(\d{2})(\d{2})$")
        ymd = ymd.where(ymd[0].notna(), compact)
        parts = ymd.astype(float)
        parts.columns = ["year", "month", "day"]
        good = (parts.notna().all(axis=1) & parts["month"].between(1, 12) & parts["day"].between(1, 31)
                & parts["year"].between(FIRST_YEAR, LAST_YEAR))
        if good.any():
            out[rest[rest].index[good.to_numpy()]] = pd.to_datetime(
                parts[good].astype("int64"), errors="coerce").astype("datetime64[ns]").to_numpy()
    bad = out.isna() & ~empty
    return out, bad.astype(bool)
