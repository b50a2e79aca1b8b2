"""Opening a ledger file: whatever the user named → a bounded table of text cells.

The opening layer under :func:`~creditkit.receivables.reading.read_rows`. It
looks at what the path is (a missing path, a directory, a named pipe, a device
and an unreadable file each get their own message) and at what the bytes are,
whatever the file's name says:

* ZIP containers: an ``.xlsx`` / ``.xlsm`` workbook is read, any other ZIP
  archive (a renamed ``.zip``) is refused;
* OLE2 containers: an old Excel ``.xls`` workbook is read, a password-protected
  ``.xlsx`` (an OLE2 file holding an ``EncryptedPackage``) is refused;
* text: UTF-8 (with or without BOM), GB18030/GBK and UTF-16 (with a BOM, or
  recognised from its zero bytes) are read as delimited text;
* anything else binary (PDF, images, gzip, HTML saved as ``.xls`` …) is refused
  and named.

The work is bounded before it is done, so no file can make a load hang or
exhaust memory (:class:`Limits`): the number of columns, the length of a cell,
the number of cells; for workbooks the sizes the ZIP directory declares, their
expansion ratio and the size of the shared-strings part are checked before any
XML is parsed, and sheets are streamed row by row. Every refusal is a
:class:`~creditkit.errors.LedgerError` naming the file, and the line and
column where there is one.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import os
import stat
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import LedgerError

try:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    _HAVE_ARROW = True
except ImportError:  # pragma: no cover - pyarrow is a dependency
    _HAVE_ARROW = False

__all__ = ["Limits", "LIMITS", "SourceRows", "SourceTable", "MissingFileError", "open_source", "open_table",
           "sniff_kind"]


class MissingFileError(LedgerError, FileNotFoundError):
    """The file named does not exist (a :class:`~creditkit.errors.LedgerError` and a ``FileNotFoundError``)."""


@dataclass(frozen=True)
class Limits:
    """Bounds on the work one file may ask for.

    Attributes
    ----------
    max_columns : int
        Columns of a row (the widest ERP exports have a few hundred).
    max_cell_chars : int
        Characters in one cell: 32,767, the most an Excel cell holds.
    max_cells : int
        Cells in the whole file (rows × columns).
    max_sheet_rows : int
        Rows of a worksheet: 1,048,576, the most an Excel sheet holds.
    max_zip_entries : int
        Parts of a workbook.
    max_part_bytes : int
        Uncompressed size of one part of a workbook, as the ZIP directory declares it.
    max_shared_strings_bytes : int
        Uncompressed size of the shared-strings part (read into memory whole).
    max_ratio : int
        Uncompressed ÷ compressed size of a part larger than 1 MiB.
    """

    max_columns: int = 2_000
    max_cell_chars: int = 32_767
    max_cells: int = 250_000_000
    max_sheet_rows: int = 1_048_576
    max_zip_entries: int = 10_000
    max_part_bytes: int = 2 * 2**30
    max_shared_strings_bytes: int = 512 * 2**20
    max_ratio: int = 200


#: The limits a load applies.
LIMITS = Limits()

_SNIFF_BYTES = 64 * 1024
_FIELD_CAP = 2**20  # characters the csv module may read into one cell before it stops
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x1f\x8b": "a gzip-compressed file (decompress it first)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"BZh": "a bzip2-compressed file (decompress it first)",
    b"\xfd7zXZ": "an xz-compressed file (decompress it first)",
    b"SQLite format 3": "an SQLite database",
}


@dataclass(frozen=True)
class SourceRows:
    """The text cells of a file, row by row.

    Attributes
    ----------
    rows : list of list of str
        Every row's cells as text (``""`` for an empty cell); rows may differ in length.
    lines : list of int
        The line each row starts on, as a text editor counts it (for a sheet: the Excel row number).
    encoding : str or None
        Text encoding of a delimited-text file; None for a workbook.
    kind : str
        ``"text"``, ``"xlsx"`` or ``"xls"``: what the bytes were.
    """

    rows: list
    lines: list
    encoding: str | None
    kind: str


@dataclass(frozen=True)
class SourceTable:
    """The text cells of a file as a table: what :class:`SourceRows` holds, in columns.

    Attributes
    ----------
    cells : DataFrame
        Columns numbered from 0, every cell text (``""`` when empty); short rows padded.
    lines : ndarray of int64
        The line each row starts on.
    encoding : str or None
    kind : str
    """

    cells: "pd.DataFrame"
    lines: "np.ndarray"
    encoding: str | None
    kind: str


def _fail(path, reason, **where) -> LedgerError:
    return LedgerError(reason, file=str(path), **where)


def _check_path(path: Path) -> None:
    """Refuse a path that is not a readable regular file, saying what it is."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        parent = path.parent
        hint = "" if parent.is_dir() else f" (the folder {parent} does not exist either)"
        raise MissingFileError(f"no such file{hint}", file=str(path)) from None
    except PermissionError:
        raise _fail(path, "cannot be reached: permission denied on a folder of the path") from None
    except OSError as exc:
        raise _fail(path, f"cannot be opened: {exc.strerror or exc}") from None
    mode = st.st_mode
    if stat.S_ISDIR(mode):
        raise _fail(path, "is a directory, not a file: name the ledger export inside it")
    if stat.S_ISFIFO(mode):
        raise _fail(path, "is a named pipe (FIFO), not a file: save the export to a file first")
    if stat.S_ISSOCK(mode):
        raise _fail(path, "is a socket, not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise _fail(path, "is a device, not a file")
    if not stat.S_ISREG(mode):
        raise _fail(path, "is not a regular file")


def _head(path: Path) -> bytes:
    """The first bytes of a file, with a clear message when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read(_SNIFF_BYTES)
    except PermissionError:
        raise _fail(path, "cannot be read: permission denied (check the file's permissions, "
                          "or copy it somewhere you can read)") from None
    except IsADirectoryError:
        raise _fail(path, "is a directory, not a file") from None
    except OSError as exc:
        raise _fail(path, f"cannot be read: {exc.strerror or exc}") from None


def _utf16_encoding(head: bytes) -> str | None:
    """``utf-16`` when the bytes start with a UTF-16 BOM; ``utf-16-le``/``-be`` when every other byte is zero."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = head[: len(head) - len(head) % 2][:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.3 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.05:
        return "utf-16-be"
    return None


def sniff_kind(head: bytes) -> str:
    """What the first bytes of a file are: ``zip``, ``ole2``, ``utf16``, ``html``, ``binary`` or ``text``.

    Examples
    --------
    >>> sniff_kind(b"PK\\x03\\x04rest"), sniff_kind(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1...")
    ('zip', 'ole2')
    >>> sniff_kind("客户,金额\\n".encode("utf-16")), sniff_kind("客户,金额\\n".encode("gbk"))
    ('utf16', 'text')
    >>> sniff_kind(b"%PDF-1.7\\x00\\x01"), sniff_kind(b"<html><table>")
    ('binary', 'html')
    """
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(_OLE2_MAGIC):
        return "ole2"
    if _utf16_encoding(head):
        return "utf16"
    if any(head.startswith(m) for m in _BINARY_MAGIC):
        return "binary"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")):
        return "html"
    if b"\x00" in head:
        return "binary"
    controls = sum(head.count(bytes([c])) for c in range(32) if c not in (9, 10, 12, 13))
    if head and controls / len(head) > 0.01:
        return "binary"
    return "text"


def open_source(path, *, encoding=None, sheet=None, sep=None, limits: Limits = LIMITS) -> SourceRows:
    """Read the text cells of a ledger file, whatever its name says it is.

    Parameters
    ----------
    path : str or Path
    encoding : str, optional
        Text encoding of a delimited-text file (default: detected).
    sheet : str or int, optional
        Worksheet name or 0-based position (default: the first).
    sep : str, optional
        Delimiter of a text file (default: the most frequent of ``,``, tab and
        ``;`` in its first 30 lines).
    limits : Limits, optional

    Returns
    -------
    SourceRows

    Raises
    ------
    LedgerError
        The path is not a readable file, the bytes are not a ledger the kit
        reads, or the file exceeds a limit (file, and line and column where
        there is one, named).

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ar.csv")
    >>> _ = open(p, "w", encoding="utf-16").write("编号\\t金额\\nA1\\t5\\n")
    >>> src = open_source(p)
    >>> src.rows, src.lines, src.encoding, src.kind
    ([['编号', '金额'], ['A1', '5']], [1, 2], 'utf-16', 'text')
    >>> open_source(os.path.dirname(p))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    creditkit.errors.LedgerError: ...: is a directory, not a file: name the ledger export inside it
    """
    path = Path(path)
    _check_path(path)
    head = _head(path)
    kind = sniff_kind(head)
    if kind == "zip":
        return _read_xlsx(path, sheet, limits)
    if kind == "ole2":
        return _read_ole2(path, sheet, limits)
    if kind == "html":
        raise _fail(path, "is an HTML or XML page, not a CSV file or an Excel workbook (some systems export "
                          "web pages with an .xls name): open it in Excel and save it as .xlsx or CSV")
    if kind == "binary" and encoding is None:
        what = next((v for m, v in _BINARY_MAGIC.items() if head.startswith(m)), "a binary file")
        raise _fail(path, f"is {what}, not a CSV text file or an Excel workbook")
    detected = encoding is None
    if detected:
        encoding = _utf16_encoding(head) if kind == "utf16" else _text_encoding(head)
    elif head.startswith(b"\xef\xbb\xbf") and _known(encoding) and codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"  # the BOM is not a character of the first header
    return _read_text(path, encoding, sep, limits, detected=detected)


# ----------------------------------------------------------------------------- text


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
        return True
    except LookupError:
        return False


def _text_encoding(head: bytes) -> str:
    """utf-8-sig, utf-8 or gb18030 from the first bytes (a multibyte character cut at the end is allowed)."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def _sniff_sep(path: Path, encoding: str) -> str:
    """The delimiter, among ``,``, tab, ``;`` and ``|``, that splits the first 30 lines into the most cells of steady widths.

    Each candidate scores the cells of the rows having one of its two most
    common widths (above 1): so a tab-separated file full of ``1,234.00``
    amounts, or of subtotal rows one cell short, is not taken for a comma-separated one.
    """
    with open(path, encoding=encoding, errors="replace", newline="") as fh:
        head = fh.read(65536).splitlines()[:30]
    best, best_score = ",", 0
    for d in (",", "\t", ";", "|"):
        widths = Counter(len(r) for r in csv.reader(head, delimiter=d) if any(c.strip() for c in r))
        score = sum(w * n for w, n in widths.most_common(2) if w > 1)
        if score > best_score:
            best, best_score = d, score
    return best


def _read_text(path: Path, encoding: str, sep, limits: Limits, *, detected: bool) -> SourceRows:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise _fail(path, f"unknown text encoding {encoding!r} (given with --encoding)") from None
    try:
        return _read_text_as(path, encoding, sep, limits)
    except UnicodeDecodeError as exc:
        if detected and encoding == "utf-8":  # UTF-8 at the start, GBK further down: read it again as GB18030
            try:
                return _read_text_as(path, "gb18030", sep, limits)
            except UnicodeDecodeError:
                pass
        line = getattr(exc, "creditkit_line", None)
        tried = "UTF-8 and GB18030" if detected else encoding
        raise _fail(path, f"cannot decode the text as {tried}; give the file's encoding with --encoding",
                    line=line) from None


def _read_text_as(path: Path, encoding: str, sep, limits: Limits) -> SourceRows:
    sep = sep or _sniff_sep(path, encoding)
    # the csv module's own cap on a cell (131,072 characters by default) is raised for this read, so a long cell
    # gets the message naming its line and column; beyond _FIELD_CAP (an unclosed quote) the read stops
    previous = csv.field_size_limit()
    csv.field_size_limit(max(previous, _FIELD_CAP))
    try:
        with open(path, encoding=encoding, newline="", errors="strict") as fh:
            return _csv_rows(path, csv.reader(fh, delimiter=sep), encoding, limits)
    finally:
        csv.field_size_limit(previous)


def _csv_rows(path: Path, reader, encoding: str, limits: Limits) -> SourceRows:
    """The records of a csv reader with the line each starts on, every limit checked as they come."""
    rows, lines = [], []
    cells = 0
    max_cols, max_chars, max_cells = limits.max_columns, limits.max_cell_chars, limits.max_cells
    start = 1
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            break
        except UnicodeDecodeError as exc:
            exc.creditkit_line = reader.line_num + 1
            raise
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise _fail(path, f"a cell is longer than {_FIELD_CAP:,} characters (an opening quote without "
                                  "its closing quote makes the rest of the file one cell)", line=start) from None
            raise _fail(path, f"cannot read the delimited text: {exc}", line=reader.line_num) from None
        if len(rec) > max_cols:
            raise _fail(path, f"a row of {len(rec):,} columns; a ledger has at most {max_cols:,}", line=start)
        if rec and max(map(len, rec)) > max_chars:
            j = next(j for j, cell in enumerate(rec) if len(cell) > max_chars)
            raise _fail(path, f"a cell of {len(rec[j]):,} characters; a cell holds at most {max_chars:,}",
                        line=start, column=j + 1)
        cells += len(rec)
        if cells > max_cells:
            raise _fail(path, f"more than {max_cells:,} cells; split the export", line=start)
        rows.append(rec)
        lines.append(start)
        start = reader.line_num + 1
    return SourceRows(rows, lines, encoding, "text")


def open_table(path, *, encoding=None, sheet=None, sep=None, limits: Limits = LIMITS) -> SourceTable:
    """Read the text cells of a ledger file as a table of text columns (see :func:`open_source`).

    Delimited text whose rows below its title lines are all of one width, one
    line each, is parsed by pyarrow's multithreaded CSV reader; any other file
    (ragged rows, cells spanning lines, blank lines, a cell over the limit, a
    decoding error) is read by :func:`open_source`, which names the line and
    column of what it refuses. Both give the same cells.

    Examples
    --------
    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "ar.csv")
    >>> _ = open(p, "w", encoding="gbk").write("应收明细\\n编号,金额\\nA1,\\"1,5\\"\\n")
    >>> t = open_table(p)
    >>> t.cells.values.tolist(), t.lines.tolist(), t.encoding
    ([['应收明细', ''], ['编号', '金额'], ['A1', '1,5']], [1, 2, 3], 'gb18030')
    """
    path = Path(path)
    _check_path(path)
    head = _head(path)
    if encoding is None and sniff_kind(head) == "text":
        fast = _fast_text(path, head, _text_encoding(head), sep, limits)
        if fast is not None:
            return fast
    src = open_source(path, encoding=encoding, sheet=sheet, sep=sep, limits=limits)
    return SourceTable(_text_frame(src.rows), np.asarray(src.lines, dtype="int64"), src.encoding, src.kind)


#: The dtype of text cells: pandas' ``str`` backed by pyarrow.
TEXT_DTYPE = _TEXT = pd.StringDtype("pyarrow", na_value=np.nan) if _HAVE_ARROW else "str"
_FAST_ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")


def _text_frame(rows: list) -> pd.DataFrame:
    """Rows of text cells (of any lengths) as a DataFrame of text columns numbered from 0."""
    width = max((len(r) for r in rows), default=0)
    if not rows:
        return pd.DataFrame()
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object).astype(_TEXT)


def _fast_text(path: Path, head: bytes, encoding: str, sep, limits: Limits):
    """The table of a regular delimited-text file read by pyarrow, or None when the file is not regular.

    The first lines (title rows above the header may be ragged) come from the
    csv module; from the first line where every row of the first 64 KiB has
    the header's width, pyarrow reads the rest. The result is kept only when
    every row is one line of that width, no cell is over the limit, and the
    text decodes: then its cells and lines are those :func:`open_source` gives.
    """
    if not _HAVE_ARROW or encoding not in _FAST_ENCODINGS or len(head) < _SNIFF_BYTES:
        return None  # small files (read whole in the 64 KiB head) gain nothing
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    sep = sep or _sniff_sep(path, encoding)
    lines = text.split("\n")[:-1]  # the last line may be cut
    if len(lines) < 2 or any(ln.count('"') % 2 for ln in lines):
        return None  # a quoted cell spans lines (or a stray quote): the csv module's path reads it
    recs = list(csv.reader([ln[:-1] if ln.endswith("\r") else ln for ln in lines], delimiter=sep))
    widths = [len(r) for r in recs]
    width = widths[-1]
    if width < 2 or width > limits.max_columns:
        return None
    start = len(widths)
    while start > 0 and widths[start - 1] == width:
        start -= 1
    title = recs[:start]
    if start > _HEADER_LINES or len(widths) - start < 2 or any(not r for r in title):
        return None  # a blank title line: the csv module's path counts it
    offset = (3 if encoding == "utf-8-sig" else 0) + sum(len(ln.encode(encoding.replace("-sig", ""))) + 1
                                                         for ln in lines[:start])
    body = _arrow_read(path, offset, encoding.replace("-sig", ""), sep, width)
    if body is None:
        return None
    n = body.num_rows
    if n == 0 or _line_count(path, offset) != n or (start + n) * width > limits.max_cells:
        return None
    for col in body.columns:
        if (pc.max(pc.utf8_length(col)).as_py() or 0) > limits.max_cell_chars:
            return None
    w = max(width, max((len(r) for r in title), default=0))
    frame = body.to_pandas(types_mapper=_text_mapper)
    frame.columns = range(width)
    for j in range(width, w):
        frame[j] = pd.Series("", index=frame.index, dtype=_TEXT)
    if title:
        frame = pd.concat([_text_frame([r + [""] * (w - len(r)) for r in title]), frame], ignore_index=True)
    return SourceTable(frame, np.arange(1, start + n + 1, dtype="int64"), encoding, "text")


_HEADER_LINES = 30


def _text_mapper(t):
    return _TEXT if t in (pa.string(), pa.large_string()) else None


def _arrow_read(path: Path, offset: int, encoding: str, sep: str, width: int):
    """The rows of a text file from byte ``offset`` on, every column as text, or None when pyarrow cannot read them."""
    names = [f"f{j}" for j in range(width)]
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            return pacsv.read_csv(
                fh,
                read_options=pacsv.ReadOptions(column_names=names, encoding=encoding, block_size=1 << 24),
                parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in names},
                                                     strings_can_be_null=False, quoted_strings_can_be_null=False,
                                                     null_values=[]))
    except (pa.ArrowException, UnicodeDecodeError, ValueError, OSError):
        return None


def _line_count(path: Path, offset: int) -> int:
    """Lines from byte ``offset`` to the end (a last line without a newline counts); -1 when a lone CR ends a line."""
    count, last = 0, b"\n"
    with open(path, "rb") as fh:
        fh.seek(offset)
        while chunk := fh.read(1 << 24):
            count += chunk.count(b"\n")
            if chunk.count(b"\r") != chunk.count(b"\r\n") + (1 if chunk.endswith(b"\r") else 0):
                return -1
            last = chunk[-1:]
    return count + (last != b"\n")


# ----------------------------------------------------------------------------- workbooks


def _cell_text(v) -> str:
    """One workbook cell as text: dates as ``YYYY-MM-DD``, floats without a binary tail, empty for missing."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, (dt.datetime, dt.date)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, float):
        if v != v:
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else format(v, ".15g")
    return str(v)


def _check_zip(path: Path, zf: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse a workbook whose parts would expand beyond the limits, from the sizes the ZIP directory declares.

    Python's zipfile never inflates a part beyond its declared size, so these
    checks bound what parsing can take.
    """
    infos = zf.infolist()
    if len(infos) > limits.max_zip_entries:
        raise _fail(path, f"the workbook has {len(infos):,} parts; at most {limits.max_zip_entries:,} are read")
    for info in infos:
        size, packed = info.file_size, max(info.compress_size, 1)
        name = info.filename
        if info.flag_bits & 0x1:
            raise _fail(path, f"the workbook part {name} is encrypted; save the workbook without a password")
        if size > limits.max_part_bytes:
            raise _fail(path, f"the workbook part {name} would expand to {size:,} bytes "
                              f"(at most {limits.max_part_bytes:,}); the file is not read")
        if size > 2**20 and size / packed > limits.max_ratio:
            raise _fail(path, f"the workbook part {name} would expand {size / packed:,.0f} times "
                              f"({packed:,} → {size:,} bytes; at most {limits.max_ratio}×): a ZIP bomb, not read")
        if name.lower().endswith("sharedstrings.xml") and size > limits.max_shared_strings_bytes:
            raise _fail(path, f"the shared strings of the workbook would take {size:,} bytes "
                              f"(at most {limits.max_shared_strings_bytes:,}); the file is not read")


def _pick_sheet(path: Path, names: list, sheet):
    if sheet is None:
        if not names:
            raise _fail(path, "the workbook has no worksheet")
        return names[0]
    if isinstance(sheet, str) and sheet in names:
        return sheet
    pos = sheet if isinstance(sheet, int) and not isinstance(sheet, bool) else (
        int(sheet) if isinstance(sheet, str) and sheet.strip().isdigit() else None)
    if pos is not None and 0 <= pos < len(names):
        return names[pos]
    raise _fail(path, f"no sheet {sheet!r} (sheets: {', '.join(names)}); choose one with --sheet")


def _read_xlsx(path: Path, sheet, limits: Limits) -> SourceRows:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(path, f"is a damaged ZIP file ({exc}); open it in Excel and save it again") from None
    with zf:
        names = {n.lower() for n in zf.namelist()}
        if "xl/workbook.xml" not in names:
            what = ("an Excel binary workbook (.xlsb): save it as .xlsx or CSV" if "xl/workbook.bin" in names
                    else "an OpenDocument file: save it as .xlsx or CSV" if "mimetype" in names
                    else "a Word document" if "word/document.xml" in names
                    else "a ZIP archive, not an Excel workbook: unzip it and name the ledger export inside")
            raise _fail(path, f"is {what}")
        _check_zip(path, zf, limits)
    import openpyxl

    fh = open(path, "rb")  # a file object: openpyxl would refuse a workbook by its name (ar.csv)
    try:
        wb = openpyxl.load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged workbook
        fh.close()
        raise _fail(path, f"cannot read the workbook ({type(exc).__name__}: {exc}); open it in Excel and "
                          "save it again") from None
    try:
        ws = wb[_pick_sheet(path, wb.sheetnames, sheet)]
        if not hasattr(ws, "iter_rows") or not hasattr(ws, "reset_dimensions"):
            raise _fail(path, f"sheet {ws.title!r} is a chart sheet, not a worksheet; choose one with --sheet")
        declared = ws.max_row
        if declared is not None and declared > limits.max_sheet_rows:
            raise _fail(path, f"sheet {ws.title!r} declares {declared:,} rows; a sheet holds at most "
                              f"{limits.max_sheet_rows:,}")
        ws.reset_dimensions()  # rows are not padded to a declared width
        return _sheet_rows(path, ws.iter_rows(values_only=True), limits, "xlsx")
    except LedgerError:
        raise
    except Exception as exc:
        raise _fail(path, f"cannot read the workbook ({type(exc).__name__}: {exc}); open it in Excel and "
                          "save it again") from None
    finally:
        wb.close()
        fh.close()


def _sheet_rows(path: Path, source, limits: Limits, kind: str) -> SourceRows:
    """Rows of a sheet as text, blank rows and columns at the end trimmed; row ``i`` (from 0) is line ``i + 1``."""
    rows, lines = [], []
    cells = 0
    max_cols, max_chars = limits.max_columns, limits.max_cell_chars
    for i, values in enumerate(source):
        line = i + 1
        if line > limits.max_sheet_rows:
            raise _fail(path, f"more than {limits.max_sheet_rows:,} rows in the sheet", line=line)
        width = len(values)
        cells += width
        if cells > limits.max_cells:
            raise _fail(path, f"more than {limits.max_cells:,} cells; split the export", line=line)
        while width and (values[width - 1] is None or values[width - 1] == ""):
            width -= 1
        if width == 0:
            continue
        if width > max_cols:
            raise _fail(path, f"a row of {width:,} columns; a ledger has at most {max_cols:,}", line=line)
        row = [_cell_text(v) for v in values[:width]]
        for j, cell in enumerate(row):
            if len(cell) > max_chars:
                raise _fail(path, f"a cell of {len(cell):,} characters; a cell holds at most {max_chars:,}",
                            line=line, column=j + 1)
        rows.append(row)
        lines.append(line)
    return SourceRows(rows, lines, None, kind)


def _ole2_streams(path: Path) -> bytes:
    """The bytes of an OLE2 file, for finding the names of its streams (UTF-16 directory entries)."""
    with open(path, "rb") as fh:
        return fh.read()


def _read_ole2(path: Path, sheet, limits: Limits) -> SourceRows:
    data = _ole2_streams(path)
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise _fail(path, "is a password-protected Excel workbook: open it in Excel, remove the password "
                          "(File > Info > Protect Workbook > Encrypt with Password) and save a copy")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        what = "a Word document" if "WordDocument".encode("utf-16-le") in data else "an old Office file"
        raise _fail(path, f"is {what}, not an Excel workbook")
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        ws = wb.get_sheet_by_name(_pick_sheet(path, wb.sheet_names, sheet))
        if ws.total_height > limits.max_sheet_rows or ws.total_width > limits.max_columns:
            raise _fail(path, f"sheet {ws.name!r} spans {ws.total_height:,} rows × {ws.total_width:,} columns; "
                              f"at most {limits.max_sheet_rows:,} × {limits.max_columns:,} are read")
        start = ws.start or (0, 0)
        top, left = start[0], start[1]
        rows = ws.to_python(skip_empty_area=False)
    except LedgerError:
        raise
    except Exception as exc:  # calamine's errors: password, damaged streams
        reason = ("is a password-protected Excel workbook: open it in Excel, remove the password and save a copy"
                  if "password" in str(exc).lower() or type(exc).__name__ == "PasswordError"
                  else f"cannot read the old Excel workbook ({type(exc).__name__}: {exc}); open it in Excel "
                       "and save it as .xlsx")
        raise _fail(path, reason) from None
    if top or left:  # calamine may start the range at the first used cell
        rows = [[None] * left + list(r) for r in rows]
        rows = [[]] * top + rows
    return _sheet_rows(path, rows, limits, "xls")
