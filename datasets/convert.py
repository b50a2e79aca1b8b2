"""Convert the raw UCI files into the gzip CSV copies shipped in this folder.

Usage (from the repository root)::

    python datasets/convert.py                      # default --src and --out
    python datasets/convert.py --src ../shared/datasets-src --out datasets

The script checks every raw file against the ``SHA256SUMS`` listing in
``--src`` and against the checksums pinned below (the decoding tables here were
written for exactly those files), converts them, checks row counts and class
balance, and writes:

- ``german_credit.csv.gz``, ``german_codebook.csv.gz``
- ``taiwan_default.csv.gz``
- ``polish_bankruptcy_1year.csv.gz``, ``polish_bankruptcy_5year.csv.gz``
- ``SHA256SUMS`` for the files above

Output is deterministic: fixed row order (the source order), UTF-8, ``"\\n"``
line ends, gzip header with mtime 0 and no file name, compression level 9.
Running the script twice gives byte-identical files on the same Python/zlib
build. Only the standard library is used, so the output does not depend on the
pandas version.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE.parent.parent / "shared" / "datasets-src"

# Raw files this script was written for (same lines as the source SHA256SUMS).
RAW_SHA256 = {
    "statlog_german/german.data": "e2bc10785808eeb5e30462f0805edb73a672f295bc671dec0bca6e2fb5c8e1ca",
    "statlog_german/german.doc": "69b92cb551111bc37098698288849c96f0fd87ce81a2e54451ff39aa1e53fe49",
    "taiwan_default/UCI_Credit_Card.csv": "023eb2c3ad9efd15e7869616fa50a0143f25223105c7069ba632431530afdb61",
    "polish_bankruptcy/1year.arff": "9f5e6b816e3d5fbc00037725d57e91619864c3e473e452eb4db6d8bda610bdc6",
    "polish_bankruptcy/5year.arff": "150da41e1f298dbc76e83596f40556a0adf2b0381abb6f38bf4e44c033376125",
}

# ---------------------------------------------------------------------------
# Statlog German credit: attributes in german.doc order.
# Each categorical attribute: list of (code, short label, german.doc text).
# ---------------------------------------------------------------------------
GERMAN_ATTRIBUTES: list[tuple[str, list[tuple[str, str, str]] | None]] = [
    ("checking_status", [
        ("A11", "< 0 DM", "... < 0 DM"),
        ("A12", "0 to < 200 DM", "0 <= ... < 200 DM"),
        ("A13", ">= 200 DM or salary account", ">= 200 DM / salary assignments for at least 1 year"),
        ("A14", "no checking account", "no checking account"),
    ]),
    ("duration_months", None),
    ("credit_history", [
        ("A30", "no credits / all paid back duly", "no credits taken / all credits paid back duly"),
        ("A31", "all paid back duly at this bank", "all credits at this bank paid back duly"),
        ("A32", "existing paid back duly till now", "existing credits paid back duly till now"),
        ("A33", "delay in paying off in the past", "delay in paying off in the past"),
        ("A34", "critical account / credits elsewhere",
         "critical account / other credits existing (not at this bank)"),
    ]),
    ("purpose", [
        ("A40", "car (new)", "car (new)"),
        ("A41", "car (used)", "car (used)"),
        ("A42", "furniture/equipment", "furniture/equipment"),
        ("A43", "radio/television", "radio/television"),
        ("A44", "domestic appliances", "domestic appliances"),
        ("A45", "repairs", "repairs"),
        ("A46", "education", "education"),
        ("A47", "vacation", "(vacation - does not exist?)"),
        ("A48", "retraining", "retraining"),
        ("A49", "business", "business"),
        ("A410", "others", "others"),
    ]),
    ("credit_amount", None),
    ("savings_status", [
        ("A61", "< 100 DM", "... < 100 DM"),
        ("A62", "100 to < 500 DM", "100 <= ... < 500 DM"),
        ("A63", "500 to < 1000 DM", "500 <= ... < 1000 DM"),
        ("A64", ">= 1000 DM", ".. >= 1000 DM"),
        ("A65", "unknown / no savings account", "unknown / no savings account"),
    ]),
    ("employment_since", [
        ("A71", "unemployed", "unemployed"),
        ("A72", "< 1 year", "... < 1 year"),
        ("A73", "1 to < 4 years", "1 <= ... < 4 years"),
        ("A74", "4 to < 7 years", "4 <= ... < 7 years"),
        ("A75", ">= 7 years", ".. >= 7 years"),
    ]),
    ("installment_rate", None),
    ("personal_status_sex", [
        ("A91", "male: divorced/separated", "male : divorced/separated"),
        ("A92", "female: divorced/separated/married", "female : divorced/separated/married"),
        ("A93", "male: single", "male : single"),
        ("A94", "male: married/widowed", "male : married/widowed"),
        ("A95", "female: single", "female : single"),
    ]),
    ("other_debtors", [
        ("A101", "none", "none"),
        ("A102", "co-applicant", "co-applicant"),
        ("A103", "guarantor", "guarantor"),
    ]),
    ("residence_since", None),
    ("property", [
        ("A121", "real estate", "real estate"),
        ("A122", "savings agreement / life insurance",
         "if not A121 : building society savings agreement / life insurance"),
        ("A123", "car or other", "if not A121/A122 : car or other, not in attribute 6"),
        ("A124", "unknown / no property", "unknown / no property"),
    ]),
    ("age", None),
    ("other_installment_plans", [
        ("A141", "bank", "bank"),
        ("A142", "stores", "stores"),
        ("A143", "none", "none"),
    ]),
    ("housing", [
        ("A151", "rent", "rent"),
        ("A152", "own", "own"),
        ("A153", "for free", "for free"),
    ]),
    ("existing_credits", None),
    ("job", [
        ("A171", "unemployed / unskilled non-resident", "unemployed / unskilled - non-resident"),
        ("A172", "unskilled resident", "unskilled - resident"),
        ("A173", "skilled employee / official", "skilled employee / official"),
        ("A174", "management / self-employed / highly qualified",
         "management / self-employed / highly qualified employee / officer"),
    ]),
    ("num_dependents", None),
    ("telephone", [
        ("A191", "none", "none"),
        ("A192", "yes (registered)", "yes, registered under the customers name"),
    ]),
    ("foreign_worker", [
        ("A201", "yes", "yes"),
        ("A202", "no", "no"),
    ]),
]

TAIWAN_COLUMNS = (
    ["ID", "LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
     "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
    + [f"BILL_AMT{i}" for i in range(1, 7)]
    + [f"PAY_AMT{i}" for i in range(1, 7)]
    + ["default"]
)
TAIWAN_RAW_HEADER = ["ID"] + [f"X{i}" for i in range(1, 24)] + ["Y"]

POLISH_COLUMNS = [f"Attr{i}" for i in range(1, 65)] + ["bankrupt"]

# {file name: (rows, positives)} checked after conversion.
EXPECTED = {
    "german_credit.csv.gz": (1000, 300),
    "taiwan_default.csv.gz": (30000, 6636),
    "polish_bankruptcy_1year.csv.gz": (7027, 271),
    "polish_bankruptcy_5year.csv.gz": (5910, 410),
}


class ConversionError(Exception):
    """The raw data is not what this script expects."""


# ---------------------------------------------------------------------------
# Checksums
# ---------------------------------------------------------------------------
def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 digest of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_sha256sums(path: Path) -> dict[str, str]:
    """Parse a ``sha256sum`` listing into ``{relative name: hex digest}``."""
    sums = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            raise ConversionError(f"{path}, line {number}: not a sha256sum line: {line!r}")
        sums[name.lstrip("*")] = digest.lower()
    return sums


def verify_sources(src: Path) -> None:
    """Check the raw files against ``src/SHA256SUMS`` and the pinned checksums."""
    listing = src / "SHA256SUMS"
    if not listing.is_file():
        raise ConversionError(f"no checksum listing at {listing}")
    listed = read_sha256sums(listing)
    for name, pinned in RAW_SHA256.items():
        if name not in listed:
            raise ConversionError(f"{listing} does not list {name}")
        if listed[name] != pinned:
            raise ConversionError(
                f"{listing} lists {name} with checksum {listed[name]}, but this script was "
                f"written for {pinned}; review the decoding before converting another version"
            )
        path = src / name
        if not path.is_file():
            raise ConversionError(f"missing raw file {path}")
        actual = sha256_file(path)
        if actual != pinned:
            raise ConversionError(f"checksum mismatch for {path}: expected {pinned}, got {actual}")


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------
def csv_text(header: list[str], rows: list[list[str]]) -> bytes:
    """Render rows as UTF-8 CSV with ``\\n`` line ends."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_gzip(path: Path, payload: bytes) -> None:
    """Write ``payload`` gzip-compressed with a fixed header (mtime 0, no name)."""
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
            gz.write(payload)


# ---------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------
def convert_german(src: Path) -> tuple[bytes, bytes]:
    """Return (data CSV, codebook CSV) for the Statlog German credit data."""
    names = [name for name, _ in GERMAN_ATTRIBUTES]
    labels_of = {name: {code: label for code, label, _ in table}
                 for name, table in GERMAN_ATTRIBUTES if table is not None}
    header = names + [f"{name}_code" for name in labels_of] + ["bad"]

    rows = []
    path = src / "statlog_german" / "german.data"
    with open(path, encoding="ascii") as fh:
        for number, line in enumerate(fh, start=1):
            fields = line.split()  # one row has a trailing blank
            if len(fields) != 21:
                raise ConversionError(f"{path}, line {number}: expected 21 fields, got {len(fields)}")
            values, codes = [], []
            for name, field in zip(names, fields[:20]):
                labels = labels_of.get(name)
                if labels is None:
                    if not field.isdigit():
                        raise ConversionError(f"{path}, line {number}, {name}: not an integer {field!r}")
                    values.append(str(int(field)))
                else:
                    if field not in labels:
                        raise ConversionError(f"{path}, line {number}, {name}: unknown code {field!r}")
                    values.append(labels[field])
                    codes.append(field)
            target = {"1": "0", "2": "1"}.get(fields[20])
            if target is None:
                raise ConversionError(f"{path}, line {number}: class must be 1 or 2, got {fields[20]!r}")
            rows.append(values + codes + [target])

    codebook = [
        [name, code, label, text]
        for name, table in GERMAN_ATTRIBUTES if table is not None
        for code, label, text in table
    ]
    return csv_text(header, rows), csv_text(["column", "code", "label", "description"], codebook)


# ---------------------------------------------------------------------------
# Taiwan
# ---------------------------------------------------------------------------
def _exact_int(text: str, where: str) -> str:
    """Return ``text`` as a plain integer string; the mirror writes some as ``5.00E+05``."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ConversionError(f"{where}: not a number {text!r}") from None
    if value != value.to_integral_value():
        raise ConversionError(f"{where}: not a whole number {text!r}")
    return str(int(value))


def convert_taiwan(src: Path) -> bytes:
    """Return the CSV for the Default of Credit Card Clients data."""
    path = src / "taiwan_default" / "UCI_Credit_Card.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        if header != TAIWAN_RAW_HEADER:
            raise ConversionError(f"{path}: unexpected header {header}")
        rows = []
        for number, fields in enumerate(reader, start=2):
            if len(fields) != len(header):
                raise ConversionError(f"{path}, line {number}: expected {len(header)} fields")
            rows.append([_exact_int(v, f"{path}, line {number}, column {h}")
                         for h, v in zip(header, fields)])
    rows.sort(key=lambda row: int(row[0]))
    ids = [int(row[0]) for row in rows]
    if ids != list(range(1, len(rows) + 1)):
        raise ConversionError(f"{path}: ID is not 1..{len(rows)} without gaps or repeats")
    if {row[-1] for row in rows} != {"0", "1"}:
        raise ConversionError(f"{path}: target Y must be 0/1")
    return csv_text(TAIWAN_COLUMNS, rows)


# ---------------------------------------------------------------------------
# Polish (ARFF)
# ---------------------------------------------------------------------------
def parse_arff(path: Path) -> tuple[list[tuple[str, str]], list[list[str]]]:
    """Parse a dense ARFF file into ``([(attribute name, type)], [row fields])``.

    Enough of ARFF for the Polish files: ``%`` comments, quoted attribute names,
    numeric and nominal types, dense comma-separated data, ``?`` for missing.
    """
    attributes: list[tuple[str, str]] = []
    rows: list[list[str]] = []
    in_data = False
    with open(path, encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line or line.startswith("%"):
                continue
            if in_data:
                fields = [field.strip() for field in line.split(",")]
                if len(fields) != len(attributes):
                    raise ConversionError(
                        f"{path}, line {number}: expected {len(attributes)} values, got {len(fields)}"
                    )
                rows.append(fields)
                continue
            keyword = line.split(None, 1)[0].lower()
            if keyword == "@attribute":
                rest = line.split(None, 1)[1].strip()
                if rest[0] in "'\"":
                    end = rest.index(rest[0], 1)
                    name, kind = rest[1:end], rest[end + 1:].strip()
                else:
                    name, kind = rest.split(None, 1)
                attributes.append((name, kind.strip()))
            elif keyword == "@data":
                in_data = True
            elif keyword != "@relation":
                raise ConversionError(f"{path}, line {number}: unexpected header line {line!r}")
    return attributes, rows


def convert_polish(src: Path, year: int) -> bytes:
    """Return the CSV for one year of the Polish bankruptcy data."""
    path = src / "polish_bankruptcy" / f"{year}year.arff"
    attributes, raw_rows = parse_arff(path)
    if len(attributes) != 65:
        raise ConversionError(f"{path}: expected 65 attributes, got {len(attributes)}")
    if any(kind.lower() != "numeric" for _, kind in attributes[:64]):
        raise ConversionError(f"{path}: the first 64 attributes must be numeric")
    if attributes[64][1].replace(" ", "") != "{0,1}":
        raise ConversionError(f"{path}: the class attribute must be {{0,1}}, got {attributes[64]}")
    rows = []
    for number, fields in enumerate(raw_rows, start=1):
        out = []
        for column, field in zip(POLISH_COLUMNS[:64], fields[:64]):
            if field == "?":
                out.append("")
                continue
            try:
                out.append(repr(float(field)))
            except ValueError:
                raise ConversionError(f"{path}, data row {number}, {column}: {field!r}") from None
        if fields[64] not in ("0", "1"):
            raise ConversionError(f"{path}, data row {number}: class {fields[64]!r}")
        rows.append(out + [fields[64]])
    return csv_text(POLISH_COLUMNS, rows)


def polish_descriptions(src: Path) -> list[tuple[str, str]]:
    """Return ``[(AttrN, description)]`` from the 1-year ARFF header."""
    attributes, _ = parse_arff(src / "polish_bankruptcy" / "1year.arff")
    return [(f"Attr{i}", name) for i, (name, _) in enumerate(attributes[:64], start=1)]


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------
def _check_counts(name: str, payload: bytes) -> None:
    rows, positives = EXPECTED[name]
    lines = payload.decode("utf-8").split("\n")[1:-1]
    got_positives = sum(line.rsplit(",", 1)[1] == "1" for line in lines)
    if (len(lines), got_positives) != (rows, positives):
        raise ConversionError(
            f"{name}: expected {rows} rows / {positives} positives, "
            f"got {len(lines)} / {got_positives}"
        )


def convert(src: Path, out: Path) -> list[Path]:
    """Verify the raw files in ``src`` and write the converted files to ``out``."""
    verify_sources(src)
    german, codebook = convert_german(src)
    compressed = {
        "german_credit.csv.gz": german,
        "taiwan_default.csv.gz": convert_taiwan(src),
        "polish_bankruptcy_1year.csv.gz": convert_polish(src, 1),
        "polish_bankruptcy_5year.csv.gz": convert_polish(src, 5),
    }
    for name, payload in compressed.items():
        _check_counts(name, payload)

    compressed["german_codebook.csv.gz"] = codebook

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in compressed.items():
        write_gzip(out / name, payload)
        written.append(out / name)

    listing = "".join(f"{sha256_file(path)}  {path.name}\n"
                      for path in sorted(written, key=lambda p: p.name))
    (out / "SHA256SUMS").write_bytes(listing.encode("utf-8"))
    written.append(out / "SHA256SUMS")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=DEFAULT_SRC,
                        help=f"folder with the raw files and SHA256SUMS (default: {DEFAULT_SRC})")
    parser.add_argument("--out", type=Path, default=HERE,
                        help=f"folder to write the converted files to (default: {HERE})")
    args = parser.parse_args(argv)
    try:
        written = convert(args.src, args.out)
    except ConversionError as exc:
        print(f"convert.py: error: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path.stat().st_size:>10,d}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
