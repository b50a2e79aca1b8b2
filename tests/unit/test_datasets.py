"""Tests of creditkit.datasets and of the conversion script datasets/convert.py."""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from creditkit import datasets as ds
from creditkit.errors import DatasetError

REPO = Path(__file__).resolve().parents[2]
CONVERT = REPO / "datasets" / "convert.py"
RAW_SRC = Path(__file__).resolve().parents[3] / "shared" / "datasets-src"

GERMAN_ATTRIBUTES = [
    "checking_status", "duration_months", "credit_history", "purpose", "credit_amount",
    "savings_status", "employment_since", "installment_rate", "personal_status_sex",
    "other_debtors", "residence_since", "property", "age", "other_installment_plans",
    "housing", "existing_credits", "job", "num_dependents", "telephone", "foreign_worker",
]
GERMAN_INTEGERS = [
    "duration_months", "credit_amount", "installment_rate", "residence_since", "age",
    "existing_credits", "num_dependents",
]
GERMAN_CATEGORICAL = [c for c in GERMAN_ATTRIBUTES if c not in GERMAN_INTEGERS]
TAIWAN_COLUMNS = [
    "ID", "LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
    "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6",
    "BILL_AMT1", "BILL_AMT2", "BILL_AMT3", "BILL_AMT4", "BILL_AMT5", "BILL_AMT6",
    "PAY_AMT1", "PAY_AMT2", "PAY_AMT3", "PAY_AMT4", "PAY_AMT5", "PAY_AMT6",
    "default",
]
# First line of german.data:
# A11 6 A34 A43 1169 A65 A75 4 A93 A101 4 A121 67 A143 A152 2 A173 1 A192 A201 1
GERMAN_FIRST_ROW_CODES = [
    "A11", 6, "A34", "A43", 1169, "A65", "A75", 4, "A93", "A101", 4, "A121", 67,
    "A143", "A152", 2, "A173", 1, "A192", "A201",
]


@pytest.fixture(scope="module")
def german():
    return ds.load_german(codes=True)


@pytest.fixture(scope="module")
def taiwan():
    return ds.load_taiwan()


@pytest.fixture(scope="module")
def data_dir():
    return ds._data_path("SHA256SUMS").parent


# ---------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------
def test_german_shape_columns_and_balance():
    df = ds.load_german()
    assert df.shape == (1000, 21)
    assert list(df.columns) == GERMAN_ATTRIBUTES + ["bad"]
    assert df["bad"].value_counts().to_dict() == {0: 700, 1: 300}


def test_german_codes_adds_one_code_column_per_categorical(german):
    assert list(german.columns) == (
        GERMAN_ATTRIBUTES + [f"{c}_code" for c in GERMAN_CATEGORICAL] + ["bad"]
    )
    assert german.shape == (1000, 34)


def test_german_dtypes(german):
    for column in GERMAN_CATEGORICAL + [f"{c}_code" for c in GERMAN_CATEGORICAL]:
        assert isinstance(german[column].dtype, pd.CategoricalDtype), column
    for column in GERMAN_INTEGERS + ["bad"]:
        assert german[column].dtype == np.int64, column
    ordered = {c for c in GERMAN_CATEGORICAL if german[c].cat.ordered}
    assert ordered == {"checking_status", "savings_status", "employment_since", "job"}
    assert german.notna().all().all()


def test_german_ordered_levels_follow_code_order(german):
    assert german["employment_since"].cat.categories.tolist() == [
        "unemployed", "< 1 year", "1 to < 4 years", "4 to < 7 years", ">= 7 years",
    ]
    assert german["checking_status"].cat.categories.tolist() == [
        "< 0 DM", "0 to < 200 DM", ">= 200 DM or salary account", "no checking account",
    ]


def test_german_first_row_matches_raw_file(german):
    row = german.iloc[0]
    for name, expected in zip(GERMAN_ATTRIBUTES, GERMAN_FIRST_ROW_CODES):
        column = f"{name}_code" if name in GERMAN_CATEGORICAL else name
        assert row[column] == expected, name
    assert row["checking_status"] == "< 0 DM"
    assert row["credit_history"] == "critical account / credits elsewhere"
    assert row["purpose"] == "radio/television"
    assert row["savings_status"] == "unknown / no savings account"
    assert row["employment_since"] == ">= 7 years"
    assert row["personal_status_sex"] == "male: single"
    assert row["telephone"] == "yes (registered)"
    assert row["bad"] == 0
    second = german.iloc[1]
    assert (second["checking_status"], second["checking_status_code"]) == ("0 to < 200 DM", "A12")
    assert (second["credit_amount"], second["bad"]) == (5951, 1)


def test_german_labels_agree_with_codes_on_every_row(german):
    book = ds.german_codebook()
    for column in GERMAN_CATEGORICAL:
        mapping = dict(book.loc[book["column"] == column, ["code", "label"]].values)
        decoded = german[f"{column}_code"].astype(str).map(mapping)
        assert (decoded == german[column].astype(str)).all(), column


def test_german_documented_but_absent_levels_stay_as_empty_categories(german):
    assert german["purpose"].value_counts()["vacation"] == 0
    assert german["personal_status_sex"].value_counts()["female: single"] == 0
    assert "A95" in german["personal_status_sex_code"].cat.categories


@pytest.mark.skipif(not (RAW_SRC / "statlog_german" / "german.data").is_file(),
                    reason="raw source data not available")
def test_german_matches_every_raw_row(german):
    raw = pd.read_csv(RAW_SRC / "statlog_german" / "german.data", sep=r"\s+", header=None)
    for i, name in enumerate(GERMAN_ATTRIBUTES):
        column = f"{name}_code" if name in GERMAN_CATEGORICAL else name
        assert german[column].astype(str).tolist() == raw[i].astype(str).tolist(), name
    assert (german["bad"] == raw[20] - 1).all()


def test_german_codebook_lists_every_documented_code():
    book = ds.german_codebook()
    assert list(book.columns) == ["column", "code", "label", "description"]
    assert len(book) == 56
    assert set(book["column"]) == set(GERMAN_CATEGORICAL)
    assert not book.duplicated(["column", "code"]).any()
    assert not book.duplicated(["column", "label"]).any()


@pytest.mark.parametrize("codes", [1, "yes", None])
def test_german_codes_must_be_bool(codes):
    with pytest.raises(TypeError, match="codes"):
        ds.load_german(codes=codes)


def test_german_cost_matrix():
    cost = ds.GERMAN_COST_MATRIX
    assert cost.tolist() == [[0, 1], [5, 0]]
    assert cost[1, 0] == 5  # actual bad, predicted good (accepted)
    assert cost[0, 1] == 1  # actual good, predicted bad (rejected)
    y_true = np.array([0, 0, 1, 1, 1])
    y_pred = np.array([0, 1, 0, 0, 1])
    assert cost[y_true, y_pred].sum() == 1 + 5 + 5
    with pytest.raises(ValueError):
        cost[0, 0] = 3


# ---------------------------------------------------------------------------
# Taiwan
# ---------------------------------------------------------------------------
def test_taiwan_shape_columns_and_balance(taiwan):
    assert taiwan.shape == (30000, 25)
    assert list(taiwan.columns) == TAIWAN_COLUMNS
    assert taiwan["default"].sum() == 6636
    assert (taiwan.dtypes == np.int64).all()
    assert taiwan["ID"].tolist() == list(range(1, 30001))


def test_taiwan_first_and_scientific_notation_rows(taiwan):
    first = taiwan.iloc[0]
    assert first[["LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE"]].tolist() == [
        20000, 2, 2, 1, 24,
    ]
    assert first[["PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]].tolist() == [
        2, 2, -1, -1, -2, -2,
    ]
    assert first["BILL_AMT1"] == 3913 and first["PAY_AMT2"] == 689 and first["default"] == 1
    # ID 7 is written "5.00E+05" in the raw file.
    assert taiwan.loc[taiwan["ID"] == 7, "LIMIT_BAL"].item() == 500000


def test_taiwan_reference_means(taiwan):
    # Column means of the UCI data (LIMIT_BAL, BILL_AMT1, PAY_AMT1).
    assert taiwan["LIMIT_BAL"].mean() == pytest.approx(167484.322667)
    assert taiwan["BILL_AMT1"].mean() == pytest.approx(51223.3309)
    assert taiwan["PAY_AMT1"].mean() == pytest.approx(5663.5805)


def test_taiwan_keeps_undocumented_codes(taiwan):
    assert sorted(taiwan["EDUCATION"].unique()) == [0, 1, 2, 3, 4, 5, 6]
    assert sorted(taiwan["MARRIAGE"].unique()) == [0, 1, 2, 3]
    assert sorted(taiwan["PAY_0"].unique()) == list(range(-2, 9))


def test_taiwan_labels(taiwan):
    labelled = ds.load_taiwan(labels=True)
    assert labelled["SEX"].cat.categories.tolist() == ["male", "female"]
    assert labelled["EDUCATION"].cat.categories.tolist() == [
        "graduate school", "university", "high school", "others", "unknown",
    ]
    assert labelled["MARRIAGE"].cat.categories.tolist() == ["married", "single", "others", "unknown"]
    assert not any(labelled[c].cat.ordered for c in ["SEX", "EDUCATION", "MARRIAGE"])
    assert labelled[["SEX", "EDUCATION", "MARRIAGE"]].notna().all().all()
    unknown_education = taiwan["EDUCATION"].isin([0, 5, 6])
    assert (labelled.loc[unknown_education, "EDUCATION"] == "unknown").all()
    assert unknown_education.sum() == 345
    assert (labelled["MARRIAGE"] == "unknown").sum() == (taiwan["MARRIAGE"] == 0).sum() == 54
    assert ((labelled["SEX"] == "female") == (taiwan["SEX"] == 2)).all()
    other = [c for c in TAIWAN_COLUMNS if c not in ("SEX", "EDUCATION", "MARRIAGE")]
    pd.testing.assert_frame_equal(labelled[other], taiwan[other])


@pytest.mark.parametrize("labels", [0, "no", None])
def test_taiwan_labels_must_be_bool(labels):
    with pytest.raises(TypeError, match="labels"):
        ds.load_taiwan(labels=labels)


# ---------------------------------------------------------------------------
# Polish
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("year, rows, bankrupt", [(1, 7027, 271), (5, 5910, 410)])
def test_polish_shape_dtypes_and_missing(year, rows, bankrupt):
    df = ds.load_polish(year)
    attrs = [f"Attr{i}" for i in range(1, 65)]
    assert df.shape == (rows, 65)
    assert list(df.columns) == attrs + ["bankrupt"]
    assert (df[attrs].dtypes == np.float64).all()
    assert df["bankrupt"].dtype == np.int64
    assert df["bankrupt"].value_counts().to_dict() == {0: rows - bankrupt, 1: bankrupt}
    assert df[attrs].isna().sum().sum() > 0
    assert df["bankrupt"].notna().all()


def test_polish_values_match_raw_first_rows():
    df = ds.load_polish(1)
    assert df.loc[0, ["Attr1", "Attr2", "Attr64"]].tolist() == [0.20055, 0.37951, 7.4277]
    assert df.loc[0, "Attr55"] == 348690.0
    assert np.isnan(df.loc[1, "Attr24"])  # '?' in the raw file
    assert df.loc[1, "Attr6"] == 0.0
    assert df[[f"Attr{i}" for i in range(1, 65)]].isna().sum().sum() == 5835


def test_polish_default_year_is_one():
    assert ds.load_polish().shape == (7027, 65)


@pytest.mark.parametrize("year", [0, 2, 3, 4, 6, -1])
def test_polish_year_value(year):
    with pytest.raises(ValueError, match="year"):
        ds.load_polish(year)


@pytest.mark.parametrize("year", ["1", 1.0, True, None])
def test_polish_year_type(year):
    with pytest.raises(TypeError, match="year"):
        ds.load_polish(year)


def test_polish_accepts_numpy_integer():
    assert ds.load_polish(np.int64(5)).shape == (5910, 65)


def test_altman_columns():
    assert dict(ds.ALTMAN_POLISH_COLUMNS) == {
        "X1": "Attr3", "X2": "Attr6", "X3": "Attr7", "X4": "Attr8", "X5": "Attr9",
    }
    with pytest.raises(TypeError):
        ds.ALTMAN_POLISH_COLUMNS["X1"] = "Attr1"


@pytest.mark.skipif(not (RAW_SRC / "polish_bankruptcy" / "1year.arff").is_file(),
                    reason="raw source data not available")
def test_altman_columns_match_arff_descriptions():
    text = (RAW_SRC / "polish_bankruptcy" / "1year.arff").read_text()
    names = [line.split("'")[1] for line in text.splitlines() if line.startswith("@attribute '")]
    described = {f"Attr{i}": name for i, name in enumerate(names, start=1)}
    assert described["Attr3"] == "working capital / total assets"
    assert described["Attr6"] == "retained earnings / total assets"
    assert described["Attr7"] == "EBIT / total assets"
    assert described["Attr8"] == "book value of equity / total liabilities"
    assert described["Attr9"] == "sales / total assets"


# ---------------------------------------------------------------------------
# Catalogue, files, checksums
# ---------------------------------------------------------------------------
def test_dataset_info_agrees_with_loaders():
    info = ds.dataset_info()
    assert list(info.columns) == [
        "name", "loader", "file", "rows", "columns", "target", "positives", "licence",
        "source", "citation",
    ]
    loaders = {
        "german": ds.load_german, "taiwan": ds.load_taiwan,
        "polish_1year": lambda: ds.load_polish(1), "polish_5year": lambda: ds.load_polish(5),
    }
    assert info["name"].tolist() == list(loaders)
    for row in info.itertuples():
        frame = loaders[row.name]()
        assert frame.shape == (row.rows, row.columns), row.name
        assert frame[row.target].sum() == row.positives, row.name
        assert ds._data_path(row.file).is_file()
    assert (info["licence"] == "CC BY 4.0").all()
    assert info["citation"].str.contains("Hofmann|Yeh|Zieba").all()


def test_loaders_do_not_depend_on_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert ds.load_german().shape == (1000, 21)
    assert ds.load_polish(5).shape == (5910, 65)
    assert ds.load_taiwan().shape == (30000, 25)
    ds.verify_checksums()


def test_missing_data_file_raises_dataset_error(tmp_path, monkeypatch):
    monkeypatch.setattr(ds, "_data_dirs", lambda: (tmp_path / "a", tmp_path / "b"))
    with pytest.raises(DatasetError, match="german_credit.csv.gz.*not found"):
        ds._data_path("german_credit.csv.gz")
    with pytest.raises(DatasetError, match="not found"):
        ds.load_german()
    with pytest.raises(ValueError):  # DatasetError is also a ValueError
        ds.load_polish(1)


def test_verify_checksums_passes_on_shipped_files(data_dir):
    assert ds.verify_checksums() is None
    assert ds.verify_checksums(data_dir) is None
    assert ds.verify_checksums(str(data_dir)) is None


def _copy_data(data_dir: Path, target: Path) -> Path:
    target.mkdir()
    for path in data_dir.iterdir():
        if path.name == "SHA256SUMS" or path.name.endswith(".csv.gz"):
            shutil.copy2(path, target / path.name)
    return target


def test_verify_checksums_detects_tampered_file(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    ds.verify_checksums(copy)
    target = copy / "german_credit.csv.gz"
    text = gzip.decompress(target.read_bytes()).replace(b"\n< 0 DM,6,", b"\n< 0 DM,7,", 1)
    target.write_bytes(gzip.compress(text, mtime=0))
    with pytest.raises(DatasetError, match="german_credit.csv.gz"):
        ds.verify_checksums(copy)


def test_verify_checksums_detects_missing_and_unlisted_files(data_dir, tmp_path):
    copy = _copy_data(data_dir, tmp_path / "data")
    (copy / "taiwan_default.csv.gz").unlink()
    with pytest.raises(DatasetError, match="taiwan_default.csv.gz"):
        ds.verify_checksums(copy)

    copy = _copy_data(data_dir, tmp_path / "data2")
    (copy / "extra.csv").write_text("a\n1\n")
    with pytest.raises(DatasetError, match="extra.csv"):
        ds.verify_checksums(copy)

    with pytest.raises(DatasetError, match="SHA256SUMS"):
        ds.verify_checksums(tmp_path / "nowhere")


def test_verify_checksums_directory_type():
    with pytest.raises(TypeError, match="directory"):
        ds.verify_checksums(123)


def test_shipped_files_are_deterministic_gzip(data_dir):
    for path in sorted(data_dir.glob("*.csv.gz")):
        header = path.read_bytes()[:10]
        assert header[3] == 0, f"{path.name}: gzip header carries a file name or flags"
        assert header[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime is not 0"
        text = gzip.decompress(path.read_bytes())
        assert b"\r" not in text and text.endswith(b"\n")
        text.decode("utf-8")


# ---------------------------------------------------------------------------
# Conversion
# ---------------------------------------------------------------------------
def _run_convert(src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CONVERT), "--src", str(src), "--out", str(out)],
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_conversion_reproduces_shipped_files(data_dir, tmp_path):
    if not RAW_SRC.is_dir():
        pytest.skip(f"raw source data not found at {RAW_SRC}")
    if not CONVERT.is_file():
        pytest.skip("conversion script not available (installed package)")
    result = _run_convert(RAW_SRC, tmp_path)
    assert result.returncode == 0, result.stderr
    listed = [line.split("  ", 1)[1] for line in
              (data_dir / "SHA256SUMS").read_text().splitlines() if line]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(listed + ["SHA256SUMS"])
    for name in listed + ["SHA256SUMS"]:
        assert (tmp_path / name).read_bytes() == (data_dir / name).read_bytes(), name


def test_conversion_refuses_tampered_source(tmp_path):
    if not RAW_SRC.is_dir():
        pytest.skip(f"raw source data not found at {RAW_SRC}")
    if not CONVERT.is_file():
        pytest.skip("conversion script not available (installed package)")
    src = tmp_path / "src"
    shutil.copytree(RAW_SRC, src)
    german = src / "statlog_german" / "german.data"
    german.chmod(0o644)
    german.write_bytes(german.read_bytes().replace(b"A11 6 ", b"A11 7 ", 1))
    result = _run_convert(src, tmp_path / "out")
    assert result.returncode == 1
    assert "german.data" in result.stderr and "checksum" in result.stderr
    assert not (tmp_path / "out").exists()


def test_german_labels_in_chinese_are_the_same_levels_in_the_same_order():
    en, zh = ds.load_german(), ds.load_german(lang="zh")
    for column in en.select_dtypes("category").columns:
        a, b = en[column], zh[column]
        assert (a.cat.codes == b.cat.codes).all() and a.cat.ordered == b.cat.ordered
        assert not set(a.cat.categories) & set(b.cat.categories), column  # every level has its Chinese label
        assert all(re.search(r"[\u4e00-\u9fff]", v) for v in b.cat.categories), column
    pd.testing.assert_frame_equal(en.select_dtypes("number"), zh.select_dtypes("number"))
    with pytest.raises(ValueError):
        ds.load_german(lang="de")
