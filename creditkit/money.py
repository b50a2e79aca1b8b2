"""Amounts of money: integer cents inside, yuan with two decimals at the edges.

Rounding happens here and nowhere else: half away from zero (四舍五入), the way
Chinese accounting rounds. Rates and factors that multiply money are taken as
decimals from their decimal text (:func:`to_decimal`), never as binary
floats: ``0.03 × 1.15`` is ``0.0345`` exactly, so 10.00 yuan at that rate is
0.35 yuan, where float arithmetic (``0.034499999999999996``) gives 0.34.
:func:`cents_times` multiplies cents by such a rate and rounds once.
"""

from __future__ import annotations

import numbers
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd

__all__ = ["to_decimal", "round_half_up", "cents_times", "yuan_to_cents", "cents_to_yuan", "parse_amounts",
           "decimal_mark", "nfkc", "MAX_AMOUNT_DIGITS", "format_cents", "format_yuan", "cents_to_text"]


def to_decimal(value, *, name: str = "value") -> Decimal:
    """A number as a :class:`~decimal.Decimal` taken from its decimal text.

    A float goes through its shortest decimal representation (``str(0.1)`` is
    ``'0.1'``), so the result is the number as written, not the binary
    float's exact value (``0.1000000000000000055511151231257827…``). Integers
    are exact; text is read as written; a Decimal is returned unchanged.

    Parameters
    ----------
    value : int, float, str or Decimal
    name : str, default "value"
        Argument name used in error messages.

    Returns
    -------
    Decimal

    Raises
    ------
    TypeError
        ``value`` is not a number or text (``bool`` is not taken as a number).
    ValueError
        The text is not a number, or the value is not finite.

    Examples
    --------
    >>> to_decimal(0.1)
    Decimal('0.1')
    >>> to_decimal(0.03) * to_decimal(1.15)
    Decimal('0.0345')
    >>> to_decimal("12.50"), to_decimal(3)
    (Decimal('12.50'), Decimal('3'))
    """
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be a number, got bool {value!r}")
    elif isinstance(value, (numbers.Integral, np.integer)):
        d = Decimal(int(value))
    elif isinstance(value, (float, np.floating)):
        d = Decimal(str(value))
    elif isinstance(value, str):
        try:
            d = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{name} must be a number, got text {value!r}") from None
    else:
        raise TypeError(f"{name} must be a number (int, float, str or Decimal), got {type(value).__name__} {value!r}")
    if not d.is_finite():
        raise ValueError(f"{name} must be finite, got {value!r}")
    return d


def round_half_up(value, places: int = 2):
    """Round half away from zero to ``places`` decimals.

    Works on scalars (returns ``float``) and on array-likes / Series (returns the
    same shape). Floats are taken through their shortest decimal representation,
    so ``2.675`` rounds to ``2.68`` (binary floats would give ``2.67``);
    Decimals are rounded as they are, so an exact product such as
    ``Decimal("1234567.90") * Decimal("0.15")`` (``185185.185``) rounds up.

    Examples
    --------
    >>> round_half_up(2.675)
    2.68
    >>> round_half_up(-0.125)
    -0.13
    >>> round_half_up([1.005, 2.5], places=0).tolist()
    [1.0, 3.0]
    >>> round_half_up(Decimal("1234567.90") * Decimal("0.15"))
    185185.19
    """
    if not isinstance(places, (int, np.integer)) or isinstance(places, bool):
        raise TypeError(f"places must be an int, got {type(places).__name__}")
    quantum = Decimal(1).scaleb(-int(places))

    def one(x):
        if x is None or (isinstance(x, float) and np.isnan(x)):
            return np.nan
        d = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
        if d.is_nan():
            return np.nan
        return float(d.quantize(quantum, rounding=ROUND_HALF_UP))

    if np.ndim(value) == 0:
        return one(value)
    if isinstance(value, pd.Series):
        return value.map(one).astype("float64")
    arr = np.asarray(value)
    if arr.dtype != object:
        arr = arr.astype("float64")
    return np.array([one(v) for v in arr.ravel()], dtype="float64").reshape(arr.shape)


def cents_times(cents, factor):
    """Integer cents times a factor, rounded half away from zero to the cent.

    The product is exact: each factor is taken from its decimal text
    (:func:`to_decimal`) and multiplied with the cents in integers, then
    rounded once. This is how a rate is applied to money throughout the kit.

    Parameters
    ----------
    cents : int or array-like of int
        Amounts in integer cents.
    factor : int, float, str, Decimal or array-like of them
        Rate or factor; broadcast against ``cents`` (e.g. one rate per column
        of a customers × buckets matrix).

    Returns
    -------
    int, ndarray of int64 or Series
        ``int`` when both arguments are scalars; a Series (same index) when
        ``cents`` is a Series of the result's shape; otherwise an array.

    Raises
    ------
    TypeError
        ``cents`` is not integer, or a factor is not a number.
    ValueError
        A factor is not finite.

    Notes
    -----
    With the factor written as ``n / 10**k``, the result is
    ``sign(c·n) · floor((2·|c·n| + 10**k) / (2·10**k))``, i.e. ``c × factor``
    rounded half away from zero, computed in int64 when it cannot overflow and
    in Python integers otherwise.

    Examples
    --------
    >>> cents_times(1000, Decimal("0.03") * Decimal("1.15"))  # 10.00 yuan × 3 % × 1.15
    35
    >>> cents_times([1, 3, 5], [0.5, 0.5, 0.1]).tolist()
    [1, 2, 1]
    >>> cents_times(-25, "0.1")
    -3
    """
    c = np.asarray(cents)
    if c.dtype.kind == "O":
        if not all(isinstance(v, (numbers.Integral, np.integer)) and not isinstance(v, (bool, np.bool_))
                   for v in c.ravel()):
            raise TypeError(f"cents must be integer cents, got {list(c.ravel()[:5])!r}")
    elif c.dtype.kind not in "iu":
        raise TypeError(f"cents must be integer cents, got dtype {c.dtype}")
    f = np.asarray(factor, dtype=object)
    decimals = [to_decimal(v, name="factor") for v in f.ravel()]
    k = max([0] + [-d.as_tuple().exponent for d in decimals])
    den = 10**k
    nums = np.array([int(d.scaleb(k)) for d in decimals], dtype=object).reshape(f.shape)
    n_max = max((abs(v) for v in nums.ravel()), default=0)
    if c.size == 0:
        c_max = 0
    elif c.dtype.kind == "O":
        c_max = max(abs(int(v)) for v in c.ravel())
    else:
        c_max = max(abs(int(c.max())), abs(int(c.min())))
    if 2 * c_max * n_max + den < 2**63:
        prod = c.astype("int64") * nums.astype("int64")
    else:  # Python integers: exact at any size
        prod = c.astype(object) * nums
    mag = (2 * np.abs(prod) + den) // (2 * den)
    out = np.where(prod < 0, -mag, mag).astype("int64")
    if np.ndim(cents) == 0 and np.ndim(factor) == 0:
        return int(out)
    if isinstance(cents, pd.Series) and out.shape == cents.shape:
        return pd.Series(out, index=cents.index, name=cents.name)
    return out


def yuan_to_cents(value):
    """Convert yuan amounts to integer cents, rounding half away from zero.

    Examples
    --------
    >>> yuan_to_cents(1234.505)
    123451
    >>> yuan_to_cents(pd.Series([0.1, 0.2, -3.335])).tolist()
    [10, 20, -334]
    """
    cents = round_half_up(np.multiply(value, 1) if np.ndim(value) else value, places=2)
    if np.ndim(cents) == 0:
        return int(round(cents * 100))
    arr = np.rint(np.asarray(cents, dtype="float64") * 100).astype("int64")
    if isinstance(value, pd.Series):
        return pd.Series(arr, index=value.index, name=value.name)
    return arr


def cents_to_yuan(cents):
    """Convert integer cents to yuan (float with two decimals) for display.

    Scalars, arrays, Series and DataFrames (every column) are converted;
    Series and DataFrames keep their index and columns. Missing cents (a
    nullable ``Int64`` column) become NaN. Each value is ``cents / 100``
    correctly rounded, so it shows as the exact two-decimal amount.

    Raises
    ------
    TypeError
        The values are not whole cents.

    Examples
    --------
    >>> cents_to_yuan(123451)
    1234.51
    >>> cents_to_yuan(pd.Series([10, -5])).tolist()
    [0.1, -0.05]
    >>> cents_to_yuan(pd.Series([250, None], dtype="Int64")).tolist()
    [2.5, nan]
    >>> cents_to_yuan(pd.DataFrame({"a": [1], "b": [-100]})).to_dict("list")
    {'a': [0.01], 'b': [-1.0]}
    """
    if isinstance(cents, pd.DataFrame):
        out = cents.copy()
        for j in range(cents.shape[1]):
            out.isetitem(j, cents_to_yuan(cents.iloc[:, j]))
        return out
    if isinstance(cents, pd.Series):
        return pd.Series(_cents_array_to_yuan(cents), index=cents.index, name=cents.name)
    if np.ndim(cents) == 0:
        if cents is None or pd.isna(cents):
            return np.nan
        return float(_cents_array_to_yuan(pd.Series([cents]))[0])
    a = np.asarray(cents)
    return _cents_array_to_yuan(pd.Series(a.ravel())).reshape(a.shape)


def _cents_array_to_yuan(s: pd.Series) -> np.ndarray:
    if isinstance(s.dtype, np.dtype) and s.dtype.kind in "iu":
        return s.to_numpy(dtype="int64") / 100
    try:
        whole = s.astype("Int64")
    except (TypeError, ValueError):
        raise TypeError(f"cents must be whole cents, got {s.dtype} values such as {s.head(3).tolist()!r}") from None
    return whole.to_numpy(dtype="float64", na_value=np.nan) / 100


_AMOUNT_RE = r"^([+-]?)(\d*)(?:\.(\d*))?([+-]?)$"

#: Digits an amount may have before the decimal mark. Beyond it (a quadrillion yuan) the text is not an amount
#: but a misread cell (an ID, a bank account), and sums of such values would overflow int64 cents.
MAX_AMOUNT_DIGITS = 15


def _amount_text(values) -> pd.Series:
    """Amount cells as stripped NFKC text, numbers written without a binary tail."""
    s = pd.Series(values)
    if isinstance(s.dtype, pd.StringDtype):
        return nfkc(s.fillna("")).str.strip()
    if s.dtype.kind == "f":
        txt = s.map(lambda v: "" if pd.isna(v) else format(float(v), ".15g")).astype(object)
    else:
        txt = s.astype(object).where(s.notna(), "")
        txt = txt.map(lambda v: v if isinstance(v, str) else ("" if pd.isna(v) else format(v, ".15g")
                                                                if isinstance(v, float) else str(v)))
    return pd.Series(txt, index=s.index, dtype=object).astype(str).str.normalize("NFKC").str.strip()


def _digit_shape(text: pd.Series):
    """Each text with every ASCII digit written ``9`` (``"￥1,234.50"`` → ``"￥9,999.99"``), or None without pyarrow.

    Computed on the bytes of the UTF-8 buffer at once: digits are single
    bytes that occur in no multibyte character.
    """
    if not isinstance(text.dtype, pd.StringDtype) or text.dtype.storage != "pyarrow":
        return None
    import pyarrow as pa

    arr = pa.chunked_array(pa.array(text.array, from_pandas=True)) if not hasattr(text.array, "_pa_array") \
        else text.array._pa_array
    chunks = []
    for chunk in arr.chunks:
        validity, offsets, data = chunk.buffers()
        if data is None:
            chunks.append(chunk)
            continue
        b = np.frombuffer(data, dtype=np.uint8).copy()
        b[(b >= 0x30) & (b <= 0x39)] = 0x39
        cls = pa.LargeStringArray if pa.types.is_large_string(chunk.type) else pa.StringArray
        chunks.append(cls.from_buffers(len(chunk), offsets, pa.py_buffer(b), validity, chunk.null_count,
                                       chunk.offset))
    return pd.Series(pd.array(pa.chunked_array(chunks, type=arr.type), dtype=text.dtype), index=text.index)


def nfkc(text: pd.Series) -> pd.Series:
    """Text in Unicode NFKC form (full-width digits and letters as ASCII), vectorised.

    Plain ASCII, ``¥`` and ``元`` are already in that form, so only the other
    cells are normalised one by one; ``￥`` becomes ``¥``.

    Examples
    --------
    >>> nfkc(pd.Series(["１２３", "￥1,234", "abc"])).tolist()
    ['123', '¥1,234', 'abc']
    """
    s = pd.Series(text)
    if not isinstance(s.dtype, pd.StringDtype) or s.dtype.storage != "pyarrow":
        return s.astype(str).str.normalize("NFKC") if len(s) else s
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return s.str.normalize("NFKC")
    s = s.str.replace("￥", "¥", regex=False)
    arr = pa.array(s.array, from_pandas=True)
    plain = pc.fill_null(pc.string_is_ascii(pc.replace_substring(pc.replace_substring(arr, "¥", ""), "元", "")), True)
    other = ~plain.to_numpy(zero_copy_only=False)
    if other.any():
        s = s.copy()
        s[other] = s[other].str.normalize("NFKC")
    return s


def decimal_mark(values):
    """Decide from all the values of one column whether its decimal mark is ``.`` or ``,``.

    Evidence for a decimal point: ``1,234.56`` (both marks, the point last),
    ``12.5`` (not three digits after the point) or ``1,234,567`` (several
    commas). For a decimal comma: ``1.234,56``, ``1 234,56``, ``12,5``,
    ``1.234.567``. ``1,234`` and ``1.234`` alone prove nothing.

    Parameters
    ----------
    values : array-like
        The text of one amount column.

    Returns
    -------
    mark : str or None
        ``"."``, ``","``, or None when the column cannot be decided.
    why : str
        For None, what the column shows (``"only values such as '1,234'"``, or
        two values that disagree); otherwise ``""``.

    Examples
    --------
    >>> decimal_mark(["1.234,56", "50.000,00-", "987,65"])
    (',', '')
    >>> decimal_mark(["12,345.67", "8,450.25-"])
    ('.', '')
    >>> decimal_mark(["1,234", "2,500"])[0] is None
    True
    >>> decimal_mark(["1,234.50", "1.234,50"])[0] is None
    True
    """
    t = _amount_text(values)
    shape = _digit_shape(t) if len(t) > 64 else None
    if shape is not None:  # what decides is the shape of a value: its marks and how many digits stand between them
        codes, _ = pd.factorize(shape)
        first = np.unique(codes, return_index=True)[1]
        t = t.iloc[np.sort(first)].reset_index(drop=True)
    t = t.str.replace("(?i)rmb|cny|usd|eur|元|[¥$€£()\\s\u3000'+-]", "", regex=True)
    t = t[t.str.contains(r"\d", regex=True)].reset_index(drop=True)
    has_p, has_c = t.str.contains(".", regex=False), t.str.contains(",", regex=False)
    tail = t.str.extract(r"[.,](\d*)$")[0].fillna("").str.len()
    one_p, one_c = t.str.fullmatch(r"\d*\.\d+"), t.str.fullmatch(r"\d*,\d+")
    point = (t.str.fullmatch(r"\d{1,3}(,\d{3})+\.\d*") | (one_p & (tail != 3)) | t.str.fullmatch(r"\d{1,3}(,\d{3}){2,}"))
    comma = (t.str.fullmatch(r"\d{1,3}(\.\d{3})+,\d*") | (one_c & (tail != 3)) | t.str.fullmatch(r"\d{1,3}(\.\d{3}){2,}"))
    unsure = (one_p | one_c) & (tail == 3) & ~point & ~comma
    if point.any() and comma.any():
        return None, f"values that disagree: {t[point].iloc[0]!r} and {t[comma].iloc[0]!r}"
    if comma.any():
        return ",", ""
    if point.any() or not unsure.any():
        return ".", ""
    return None, f"only values such as {t[unsure].iloc[0]!r}, which read as thousands or as decimals"


def parse_amounts(values, *, name: str = "amount", decimal=None, reasons=False, _fast=True):
    """Parse messy amount text to integer cents, vectorised.

    Accepts what ledger exports contain: ``1,234.50``, ``￥1,234.50``,
    ``¥ 1 234.50元``, ``(1,234.50)`` (negative), ``-1234.5``, ``1234.50-``
    (trailing minus), full-width digits, and plain numbers (Excel cells); with
    ``decimal=","`` also ``1.234,50``, ``1 234,50`` and ``50.000,00-``.
    Fractions beyond the cent are rounded half away from zero on their decimal
    text, never through a binary float. More than :data:`MAX_AMOUNT_DIGITS`
    digits before the decimal mark is out of range, never a number.

    Parameters
    ----------
    values : array-like or Series
        Text or numbers.
    name : str, default "amount"
        Name used in error messages.
    decimal : {None, ".", ","}, default None
        The decimal mark (see :func:`decimal_mark`); None reads ``.`` as the
        decimal mark and ``,`` as a thousands separator.
    reasons : bool, default False
        Also return why each bad value is bad.

    Returns
    -------
    cents : Series of Int64
        Amounts in cents; ``<NA>`` where the value is empty or cannot be read.
    bad : Series of bool
        True where a non-empty value could not be read.
    why : Series of str
        Only with ``reasons=True``: ``"unparseable amount"``, ``"amount out of
        range …"`` or ``""``.

    Examples
    --------
    >>> cents, bad = parse_amounts(["1,234.50", "￥1,234.50", "(1,234.50)", "-1234.5", "2.675", "", "12,3x"])
    >>> cents.tolist()
    [123450, 123450, -123450, -123450, 268, <NA>, <NA>]
    >>> bad.tolist()
    [False, False, False, False, False, False, True]
    >>> parse_amounts(["1.234,56", "50.000,00-", "1 234,5"], decimal=",")[0].tolist()
    [123456, -5000000, 123450]
    >>> parse_amounts(["12345678901234567"], reasons=True)[2].tolist()
    ['amount out of range (more than 15 digits before the decimal mark)']
    """
    if decimal not in (None, ".", ","):
        raise ValueError(f"decimal must be '.' or ',', got {decimal!r}")
    s = pd.Series(values)
    if s.dtype.kind in "iu":
        big = s.abs() >= 10 ** MAX_AMOUNT_DIGITS
        cents = (s.astype("int64") * 100).astype("Int64").where(~big)
        why = pd.Series(np.where(big, _OUT_OF_RANGE, ""), index=s.index)
        return (cents, big, why) if reasons else (cents, big)
    if _fast and isinstance(s.dtype, pd.StringDtype) and len(s) > 64:
        fast = _fast_amounts(s, decimal)
        if fast is not None:
            cents, done = fast
            if done.all():
                bad = pd.Series(False, index=s.index)
                why = pd.Series("", index=s.index)
                return (cents, bad, why) if reasons else (cents, bad)
            rest = parse_amounts(s[~done].to_numpy(), name=name, decimal=decimal, reasons=True, _fast=False)
            cents = cents.astype("Int64")
            cents[~done] = rest[0].to_numpy()
            bad = pd.Series(False, index=s.index)
            bad[~done] = rest[1].to_numpy()
            why = pd.Series("", index=s.index, dtype=object)
            why[~done] = rest[2].to_numpy()
            return (cents, bad, why) if reasons else (cents, bad)
    t = _amount_text(values)
    empty = t.eq("") | t.str.fullmatch(r"(?i)nan|none|null|-{1,2}")
    neg_paren = t.str.startswith("(") & t.str.endswith(")")
    t = t.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    if decimal == ",":
        t = t.str.replace(r"(?i)rmb|cny|eur|元|[¥$€\s\u3000']", "", regex=True)
        grouped = t.str.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d*)?[+-]?")
        t = t.where(~grouped, t.str.replace(".", "", regex=False))
        t = t.where(~t.str.contains(".", regex=False), "x")  # a dot that is not a thousands separator
        t = t.str.replace(",", ".", regex=False)
    else:
        t = t.str.replace(r"(?i)rmb|cny|元|[¥$,\s\u3000']", "", regex=True)
    # exponent notation (e.g. from a float cell) goes through Decimal, rare
    exp = t.str.contains(r"^[+-]?\d*\.?\d+[eE][+-]?\d+$", regex=True)
    if exp.any():
        from decimal import Decimal as _D

        t = t.where(~exp, t[exp].map(lambda v: format(_D(v), "f")))
    parts = t.str.extract(_AMOUNT_RE)
    sign1, whole, frac, sign2 = parts[0], parts[1], parts[2].fillna(""), parts[3]
    ok = parts[1].notna() & ((whole.fillna("") != "") | (frac != "")) & ~(sign1.fillna("").ne("") & sign2.fillna("").ne(""))
    ok &= ~empty
    big = ok & (whole.fillna("").str.lstrip("0").str.len() > MAX_AMOUNT_DIGITS)
    ok &= ~big
    whole_i = pd.to_numeric(whole.where(ok & whole.ne(""), "0"), errors="coerce").fillna(0).astype("int64")
    f = frac.where(ok, "").str.pad(3, side="right", fillchar="0")
    f2 = pd.to_numeric(f.str.slice(0, 2), errors="coerce").fillna(0).astype("int64")
    f3 = pd.to_numeric(f.str.slice(2, 3), errors="coerce").fillna(0).astype("int64")
    mag = whole_i * 100 + f2 + (f3 >= 5).astype("int64")
    negative = (sign1.eq("-") | sign2.eq("-")).fillna(False) ^ neg_paren
    cents = mag.where(~negative, -mag).astype("Int64").where(ok)
    bad = (~ok & ~empty).astype(bool)
    if not reasons:
        return cents, bad
    why = pd.Series(np.where(big, _OUT_OF_RANGE, np.where(bad, "unparseable amount", "")), index=s.index)
    return cents, bad, why


def _fast_amounts(s: pd.Series, decimal):
    """Cents of the amounts written plainly (``1234.5``, ``￥1,234.56``, ``-12``, ``1.234,56`` with ``decimal=","``),
    computed over the whole column by pyarrow; the mask says which values it read (``""`` among them, as missing).

    Every other value (parentheses, a trailing minus, more than two decimals,
    exponents, full-width digits, too many digits, junk) is left to the general
    parser. Returns None without pyarrow.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        return None
    arr = pa.array(s.array, type=pa.string(), from_pandas=True)
    arr = pc.if_else(pc.is_null(arr), "", arr)
    t = pc.utf8_trim_whitespace(arr)
    empty = pc.equal(t, "")
    for mark in ("¥", "￥", "元", "$", " ", "\u3000", "'", "\t") + (("€",) if decimal == "," else (",",)):
        t = pc.replace_substring(t, mark, "")
    if decimal == ",":
        grouped = pc.match_substring_regex(t, r"^[+-]?\d{1,3}(\.\d{3})+(,\d{0,2})?$")
        t = pc.if_else(grouped, pc.replace_substring(t, ".", ""), t)
        t = pc.if_else(pc.match_substring(t, "."), "x", pc.replace_substring(t, ",", "."))  # a stray dot
    parts = pc.extract_regex(t, r"^(?P<sign>[+-]?)(?P<whole>\d{1,15})(?:\.(?P<frac>\d{0,2}))?$")
    ok = pc.fill_null(pc.is_valid(parts), False)
    whole = pc.if_else(ok, pc.struct_field(parts, "whole"), "0")
    frac = pc.utf8_rpad(pc.if_else(ok, pc.struct_field(parts, "frac"), "0"), 2, "0")
    cents = pc.add(pc.multiply(pc.cast(whole, pa.int64()), 100), pc.cast(frac, pa.int64()))
    cents = pc.if_else(pc.equal(pc.if_else(ok, pc.struct_field(parts, "sign"), ""), "-"), pc.negate(cents), cents)
    done = pc.or_(ok, empty).to_numpy(zero_copy_only=False)
    values = cents.to_numpy(zero_copy_only=False)
    out = pd.Series(pd.array(values, dtype="Int64"), index=s.index).mask(empty.to_numpy(zero_copy_only=False))
    return out, pd.Series(done, index=s.index)


_OUT_OF_RANGE = f"amount out of range (more than {MAX_AMOUNT_DIGITS} digits before the decimal mark)"


def format_cents(cents) -> str:
    """Integer cents as yuan text with two decimals and thousands separators.

    Examples
    --------
    >>> format_cents(123456789)
    '1,234,567.89'
    >>> format_cents(-5)
    '-0.05'
    """
    c = int(cents)
    sign = "-" if c < 0 else ""
    whole, frac = divmod(abs(c), 100)
    return f"{sign}{whole:,}.{frac:02d}"


def format_yuan(value, decimals: int = 2) -> str:
    """An amount in yuan as text with thousands separators, rounded half-up.

    A ``Decimal`` is rounded as it is (no float on the way, so amounts past
    fifteen digits stay exact); a float is taken through its shortest decimal
    representation, as :func:`round_half_up` does.

    Examples
    --------
    >>> format_yuan(1234.505), format_yuan(-0.125)
    ('1,234.51', '-0.13')
    >>> format_yuan(Decimal("12345678901234567.895"))
    '12,345,678,901,234,567.90'
    >>> format_yuan(12345678.5, 0)
    '12,345,679'
    """
    if not isinstance(decimals, (int, np.integer)) or isinstance(decimals, bool) or decimals < 0:
        raise ValueError(f"decimals must be a non-negative int, got {decimals!r}")
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    d = d.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    if d == 0:
        d = abs(d)  # no "-0.00"
    return f"{d:,.{int(decimals)}f}"


def cents_to_text(cents) -> pd.Series:
    """Integer cents as plain yuan text with exactly two decimals (no float rounding).

    The vectorised, separator-free twin of :func:`format_cents`, for CSV output.

    Examples
    --------
    >>> cents_to_text([123456, -5, 0]).tolist()
    ['1234.56', '-0.05', '0.00']
    """
    c = pd.Series(cents).astype("int64")
    a = c.abs()
    sign = np.where(c < 0, "-", "")
    return pd.Series(sign, index=c.index) + (a // 100).astype(str) + "." + (a % 100).astype(str).str.zfill(2)
