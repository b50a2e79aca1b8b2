"""The byte checks of the SQL reader: what makes a CSV export read alike by DuckDB and by the Python reader.

:func:`scan` reads a file once, chunk by chunk. It counts the lines, checks
that every line below the header is one the two CSV readers split the same
way, and, for a GBK/GB18030 file (DuckDB reads UTF-8), hands the text on as
UTF-8 in *parts* of whole lines, so that the caller can load each part while
the next one is decoded. A file that fails a check raises :class:`NotPlain`;
the Python reader then reads it and names the line and column.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import numpy as np

__all__ = ["CHUNK", "PART", "NotPlain", "scan"]

#: Bytes read and checked at a time (small enough for the processor's cache: the checks run twice as fast).
CHUNK = 1 << 20
#: Bytes of UTF-8 in a part, about (each part is a query of its own).
PART = 1 << 24
#: UTF-8 of the spaces other than ASCII ones: U+0085, U+00A0, U+1680, U+2000–U+200B, U+2028, U+2029, U+202F,
#: U+205F, U+3000 and U+FEFF, by lead byte.
_SPACES = {0xC2: (b"\xc2\x85", b"\xc2\xa0"), 0xE1: (b"\xe1\x9a\x80",),
           0xE2: tuple(bytes([0xE2, 0x80, c]) for c in (*range(0x80, 0x8C), 0xA8, 0xA9, 0xAF)) + (b"\xe2\x81\x9f",),
           0xE3: (b"\xe3\x80\x80",), 0xEF: (b"\xef\xbb\xbf",)}
#: Control characters other than tab, line feed and carriage return, as a translation that makes them NUL.
_CONTROL = bytes(0 if (c < 32 and c not in (9, 10, 13)) else 1 for c in range(256))


class NotPlain(Exception):
    """The file needs the Python reader (the reason is for tests and debugging)."""


def scan(path: Path, *, sep: str, top: int, codec: str | None = None, part=None, max_lines=None,
         chunk: int | None = None, part_size: int | None = None) -> int:
    """Check the bytes of a CSV export below its ``top`` header lines; return the number of lines below them.

    The lines are counted as a text editor counts them (a last line without a
    newline counts). Not plain: text that does not decode, a lone carriage
    return, a control character, white space at the start or end of a cell
    (the Python reader strips it; ideographic and other Unicode spaces
    anywhere), a double quote that neither opens nor closes a cell.

    Parameters
    ----------
    path : Path
    sep : str
        The one-byte delimiter.
    top : int
        Lines above the first document row (the header's).
    codec : str, optional
        The file's encoding when it is not UTF-8 (GBK, GB18030).
    part : callable, optional
        With ``codec``: called with each part of the UTF-8 text, whole lines
        of about :data:`PART` bytes (the last part may end without a
        newline), the first holding the header lines too.
    max_lines : int, optional
        More lines below the header than this are not plain (the Python
        reader refuses them with its own limit).
    chunk : int, optional
        Bytes read at a time (default :data:`CHUNK`); the checks do not
        depend on it, nor does the text of the parts.
    part_size : int, optional
        Bytes of a part, about (default :data:`PART`).

    Raises
    ------
    NotPlain

    Examples
    --------
    >>> import tempfile, os
    >>> p = Path(tempfile.mkdtemp()) / "ar.csv"
    >>> _ = p.write_bytes("客户,单号,金额\\nC1,X1,5\\nC2,X2,\\"1,000\\"\\n".encode("gbk"))
    >>> parts = []
    >>> scan(p, sep=",", top=1, codec="gbk", part=parts.append)
    2
    >>> b"".join(parts).decode("utf-8").splitlines()[2]
    'C2,X2,"1,000"'
    >>> _ = p.write_bytes(b"a,b\\nC1, X1\\n")
    >>> scan(p, sep=",", top=1)
    Traceback (most recent call last):
    ...
    creditkit.receivables.sql_scan.NotPlain: white space at the start or end of a cell
    """
    decoder = codecs.getincrementaldecoder(codec)() if codec else None
    check = _BodyCheck(sep)
    newlines, last, skip = 0, 10, top
    pending, held = [], 0  # UTF-8 not yet handed on as a part, and its size
    each = part_size or PART
    size = chunk or CHUNK
    with open(path, "rb") as fh:
        while True:
            raw = fh.read(size)
            if decoder is not None:
                try:
                    chunk = decoder.decode(raw, final=not raw).encode("utf-8")
                except UnicodeDecodeError:
                    raise NotPlain("the text does not decode") from None
            else:
                chunk = raw
            if not raw and not chunk:
                break
            if not chunk:
                continue
            if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n") + chunk.endswith(b"\r"):
                raise NotPlain("a carriage return alone")
            if last == 13 and chunk[:1] != b"\n":
                raise NotPlain("a carriage return alone")
            n = int(np.count_nonzero(np.frombuffer(chunk, dtype=np.uint8) == 10))  # faster than bytes.count
            body, body_newlines = chunk, n
            at = -1
            while skip and (at := body.find(b"\n", at + 1)) >= 0:
                skip -= 1
                body_newlines -= 1
            if at >= 0:
                body = body[at + 1:] if not skip else b""
            elif skip:
                body = b""
            newlines += n
            if max_lines is not None and newlines - top > max_lines:
                raise NotPlain("more lines than the reader takes")
            if body:
                check.feed(body, body_newlines)
            last = chunk[-1]
            if part is not None and decoder is not None:
                pending.append(chunk)
                held += len(chunk)
                if held >= each and n:  # hand on the whole lines held; the rest starts the next part
                    cut = chunk.rfind(b"\n") + 1
                    part(b"".join(pending[:-1]) + chunk[:cut])
                    pending, held = [chunk[cut:]], len(chunk) - cut
    check.end()
    if part is not None and decoder is not None and held:
        part(b"".join(pending))
    return newlines + (last != 10) - top


def _unicode_space(buf: bytes) -> bool:
    """Whether the UTF-8 bytes hold a Unicode space (a byte search for each, where its lead byte occurs)."""
    return any(seq in buf for lead, seqs in _SPACES.items() if bytes([lead]) in buf for seq in seqs)


class _BodyCheck:
    """The byte checks of :func:`scan` on the lines below the header, fed chunk by chunk."""

    def __init__(self, sep: str):
        self.sep = ord(sep)
        self.carry = b"\n"  # the last bytes before the chunk (a line starts the body)
        self.open = False  # inside a quoted cell
        self.pending = None  # the byte before a quote that ended the last chunk

    def feed(self, body: bytes, newlines: int) -> None:
        """Check the next bytes of the body, which hold ``newlines`` line feeds."""
        b = np.frombuffer(body, dtype=np.uint8)
        if b"\r" in body or b"\t" in body:
            if body.translate(_CONTROL).find(b"\x00") >= 0:
                raise NotPlain("a control character")
        elif np.count_nonzero(b < 32) != newlines:
            raise NotPlain("a control character")
        edges = self.carry[-3:] + body[:3] + body[-3:]  # the bytes across the chunk's ends
        if b" " in body or b"\t" in body or b" " in edges or b"\t" in edges:
            buf = self.carry[-1:] + body
            w = np.frombuffer(buf, dtype=np.uint8)
            white = w == 32
            if self.sep != 9:
                white |= w == 9
            edge = (w == self.sep) | (w == 10) | (w == 13) | (w == 34)
            if (white[1:] & edge[:-1]).any() or (white[:-1] & edge[1:]).any():
                raise NotPlain("white space at the start or end of a cell")
        if not body.isascii() and (_unicode_space(body) or _unicode_space(self.carry[-3:] + body[:3])):
            raise NotPlain("a Unicode space (the Python reader strips it at the end of a cell)")
        if self.pending is not None:
            self._quote(self.pending, body[0])
            self.pending = None
        if b'"' in body:
            self._quotes(b)
        self.carry = (self.carry + body[-3:])[-3:]

    def _quote(self, before: int, after) -> None:
        opener = before in (self.sep, 10)
        closer = after is None or after in (self.sep, 10, 13)
        if opener == closer or opener == self.open:
            raise NotPlain("a double quote that does not open or close a cell in turn")
        self.open = opener

    def _quotes(self, b: np.ndarray) -> None:
        at = np.flatnonzero(b == 34)
        prev = self.carry[-1]
        if at[-1] == len(b) - 1:  # the byte after the last quote is in the next chunk
            self.pending = int(b[at[-1] - 1]) if at[-1] > 0 else prev
            at = at[:-1]
        if not len(at):
            return
        before = np.where(at > 0, b[np.maximum(at - 1, 0)], prev)
        after = b[at + 1]
        opener = (before == self.sep) | (before == 10)
        closer = (after == self.sep) | (after == 10) | (after == 13)
        want = (np.arange(len(at)) % 2 == 0) != self.open  # openers and closers in turn
        if (opener == closer).any() or (opener != want).any():
            raise NotPlain("a double quote that does not open or close a cell in turn")
        self.open = bool(opener[-1])

    def end(self) -> None:
        if self.pending is not None:
            self._quote(self.pending, None)
        if self.open:
            raise NotPlain("a quote without its closing quote")
        if self.carry[-1:] in (b" ", b"\t"):
            raise NotPlain("white space at the end of the last cell")
