"""The byte checks of the SQL reader (creditkit.receivables.sql_scan): the same verdict whatever the chunks.

A file is read in chunks, and each check must see across a chunk's ends: a
space before a delimiter, a Unicode space, a quote or a carriage return cut in
two. The oracle is the same scan with the whole file as one chunk; a GBK file's
UTF-8 parts, joined, must be its text.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditkit.receivables.sql_scan import NotPlain, scan

#: Pieces a body is made of: cells, delimiters, quotes, line ends, and what the checks look for.
PIECES = ["a", "客户", "12.50", "￥1,000", ",", ",", '"', '"x,y"', "\n", "\n", "\r\n", " ", "\t", "\u3000", "\u00a0",
          "\ufeff", "\u2009", "\x01", "\r", "—", "、"]


def verdict(path, **options):
    """The number of lines, or "not plain" (which check fires first may depend on the chunks)."""
    try:
        return scan(path, **options)
    except NotPlain:
        return "not plain"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60), chunk=st.integers(1, 40), part_size=st.integers(1, 60),
       codec=st.sampled_from([None, "gb18030"]))
def test_the_verdict_and_the_parts_do_not_depend_on_the_chunks(tmp_path, pieces, chunk, part_size, codec):
    text = "客户,单号,金额\n" + "".join(pieces)
    path = tmp_path / "ar.csv"
    path.write_bytes(text.encode(codec or "utf-8"))
    whole, parts = [], []
    expected = verdict(path, sep=",", top=1, codec=codec, part=whole.append, chunk=1 << 20)
    got = verdict(path, sep=",", top=1, codec=codec, part=parts.append, chunk=chunk, part_size=part_size)
    assert got == expected
    if codec and isinstance(got, int):
        assert b"".join(parts) == text.encode("utf-8")
        assert all(p.endswith(b"\n") for p in parts[:-1])


@pytest.mark.parametrize("body,reason", [
    ("C1, X1,5\n", "white space"), ("C1,X1 ,5\n", "white space"), ("C1,X1,5 \n", "white space"),
    ("C1,X1,5\nC2,X2,6 ", "white space at the end of the last cell"), ("C1,X\u30001,5\n", "Unicode space"),
    ("C1,X1,\x015\n", "control character"), ("C1,X1,5\rC2,X2,6\n", "carriage return alone"),
    ('C1,X"1,5\n', "double quote"), ('C1,"X1,5\n', "quote"),
])
@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 1 << 20])
def test_each_check_is_made_at_every_cut(tmp_path, body, reason, chunk):
    path = tmp_path / "ar.csv"
    path.write_bytes(("客户,单号,金额\n" + body).encode("utf-8"))
    with pytest.raises(NotPlain, match=reason):
        scan(path, sep=",", top=1, chunk=chunk)


def test_lines_are_counted_as_an_editor_counts_them(tmp_path):
    path = tmp_path / "ar.csv"
    path.write_bytes(b"h1,h2\nh3,h4\na,1\r\nb,2")
    assert scan(path, sep=",", top=2) == 2
    path.write_bytes(b"h1,h2\na,1\n")
    assert scan(path, sep=",", top=1) == 1


def test_more_lines_than_the_reader_takes_are_not_plain(tmp_path):
    path = tmp_path / "ar.csv"
    path.write_bytes(b"h\n" + b"a\n" * 50)
    assert scan(path, sep=",", top=1, max_lines=50) == 50
    with pytest.raises(NotPlain, match="more lines"):
        scan(path, sep=",", top=1, max_lines=49, chunk=16)


def test_text_that_does_not_decode_is_not_plain(tmp_path):
    path = tmp_path / "ar.csv"
    path.write_bytes("客户\n".encode("gbk") + b"\x81\n")
    with pytest.raises(NotPlain, match="decode"):
        scan(path, sep=",", top=1, codec="gbk")
