"""Public credit-risk data sets shipped with creditkit.

Three UCI Machine Learning Repository data sets (CC BY 4.0), converted once by
``datasets/convert.py`` into gzip CSV files and loaded here with the right
dtypes:

=====================  ======================================  ======  ===================
loader                 UCI data set (id)                       rows    target (positives)
=====================  ======================================  ======  ===================
``load_german()``      Statlog German Credit (144)             1,000   ``bad`` (300)
``load_taiwan()``      Default of Credit Card Clients (350)    30,000  ``default`` (6,636)
``load_polish(1)``     Polish Companies Bankruptcy (365)       7,027   ``bankrupt`` (271)
``load_polish(5)``     Polish Companies Bankruptcy (365)       5,910   ``bankrupt`` (410)
=====================  ======================================  ======  ===================

The files live in the source tree under ``datasets/`` and in an installed wheel
under ``creditkit/_data``; the dataset card (``README.md`` there) gives sources,
citations, column meanings and known quirks. :func:`dataset_info` lists the
same facts as a table and :func:`verify_checksums` checks the shipped files.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from ._paths import kit_dirs
from .errors import DatasetError
from .i18n import check_lang

__all__ = [
    "load",
    "TARGETS",
    "load_german",
    "load_taiwan",
    "load_polish",
    "german_codebook",
    "dataset_info",
    "verify_checksums",
    "GERMAN_COST_MATRIX",
    "ALTMAN_POLISH_COLUMNS",
]

_GERMAN_FILE = "german_credit.csv.gz"
_GERMAN_CODEBOOK_FILE = "german_codebook.csv.gz"
_TAIWAN_FILE = "taiwan_default.csv.gz"
_POLISH_FILES = {1: "polish_bankruptcy_1year.csv.gz", 5: "polish_bankruptcy_5year.csv.gz"}
_CHECKSUM_FILE = "SHA256SUMS"

_GERMAN_INTEGERS = (
    "duration_months", "credit_amount", "installment_rate", "residence_since",
    "age", "existing_credits", "num_dependents",
)
# Attributes whose levels have a natural order (code order = label order).
_GERMAN_ORDERED = ("checking_status", "savings_status", "employment_since", "job")

_TAIWAN_COLUMNS = (
    ["ID", "LIMIT_BAL", "SEX", "EDUCATION", "MARRIAGE", "AGE",
     "PAY_0", "PAY_2", "PAY_3", "PAY_4", "PAY_5", "PAY_6"]
    + [f"BILL_AMT{i}" for i in range(1, 7)]
    + [f"PAY_AMT{i}" for i in range(1, 7)]
    + ["default"]
)
_TAIWAN_LABELS = {
    "SEX": {1: "male", 2: "female"},
    "EDUCATION": {1: "graduate school", 2: "university", 3: "high school", 4: "others"},
    "MARRIAGE": {1: "married", 2: "single", 3: "others"},
}

_POLISH_COLUMNS = [f"Attr{i}" for i in range(1, 65)] + ["bankrupt"]



def _read_only(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


GERMAN_COST_MATRIX = _read_only(np.array([[0, 1], [5, 0]], dtype=np.int64))
"""Misclassification costs of the Statlog German credit data (read-only).

``GERMAN_COST_MATRIX[actual, predicted]`` with 0 = good and 1 = bad, the layout
of ``sklearn.metrics.confusion_matrix(y_true, y_pred, labels=[0, 1])``:
accepting a bad applicant (actual 1, predicted 0) costs 5, rejecting a good one
(actual 0, predicted 1) costs 1, correct decisions cost 0. german.doc, section 8
("Cost Matrix"), gives it with classes 1 = Good and 2 = Bad, rows the actual and
columns the predicted class: "It is worse to class a customer as good when they
are bad (5), than it is to class a customer as bad when they are good (1)."
Minimising expected cost means rejecting when P(bad) > 1 / (1 + 5) = 1/6.

This is the kit's one copy of these costs: the labelled
``creditkit.evaluation.UCI_COST_MATRIX`` and the cost defaults of
``credit_cost``, ``cost_threshold`` and ``scorecard.cutoff_table`` are read
from it.
"""

ALTMAN_POLISH_COLUMNS = MappingProxyType({
    "X1": "Attr3",  # working capital / total assets
    "X2": "Attr6",  # retained earnings / total assets
    "X3": "Attr7",  # EBIT / total assets
    "X4": "Attr8",  # book value of equity / total liabilities
    "X5": "Attr9",  # sales / total assets
})
"""Columns of :func:`load_polish` holding Altman's Z-score inputs X1..X5.

Taken from the attribute descriptions in the ARFF headers. X4 uses the *book*
value of equity, so these are the inputs of Altman's Z' (private firms) and,
without X5, Z''; the original 1968 Z uses the market value of equity.
"""


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------
def _data_dirs() -> tuple[Path, Path]:
    """Folders searched for data files: installed wheel first, then source tree."""
    return kit_dirs("datasets")


def _data_path(name: str) -> Path:
    """Return the path of a shipped data file.

    Looks in ``creditkit/_data`` (where a wheel installs the files) and then in
    ``<repository>/datasets`` (a source checkout or an editable install).

    Raises
    ------
    DatasetError
        If the file is in neither place.
    """
    candidates = [folder / name for folder in _data_dirs()]
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(path.parent) for path in candidates)
    raise DatasetError(
        f"data file {name!r} not found (looked in {looked}); reinstall creditkit, or in a "
        f"source checkout regenerate the files with `python datasets/convert.py`"
    )


def _check_bool(value, name: str) -> None:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")


def _read_csv(name: str, dtype: dict) -> pd.DataFrame:
    path = _data_path(name)
    try:
        return pd.read_csv(path, dtype=dtype, compression="infer", encoding="utf-8")
    except (ValueError, OSError, EOFError) as exc:
        raise DatasetError(f"cannot read {path}: {exc}") from exc


# ---------------------------------------------------------------------------
# German
# ---------------------------------------------------------------------------
def german_codebook() -> pd.DataFrame:
    """Return the code table of the Statlog German credit data.

    One row per documented code of each categorical attribute, in german.doc
    order, including the two codes that never occur in the data (``A47``
    vacation, ``A95`` female: single).

    Returns
    -------
    pandas.DataFrame
        Columns ``column`` (attribute name in :func:`load_german`), ``code``
        (the original ``A..`` code), ``label`` (the label used by
        :func:`load_german`) and ``description`` (german.doc's wording).

    Examples
    --------
    >>> book = german_codebook()
    >>> book.loc[book["code"] == "A14", "label"].item()
    'no checking account'
    >>> len(book)
    56
    """
    return _read_csv(_GERMAN_CODEBOOK_FILE, dtype=str)


def load_german(*, codes: bool = False, lang: str = "en") -> pd.DataFrame:
    """Load the Statlog (German Credit Data) set: 1,000 applicants, 300 bad.

    Parameters
    ----------
    codes : bool, default False
        Also return the original UCI codes: one ``<name>_code`` column
        (``"A11"``, ...) per categorical attribute, placed after the 20
        attributes. The decoded columns are always returned.
    lang : {"en", "zh"}, default "en"
        Language of the category labels (``"no checking account"`` or
        ``"无支票账户"``): the same levels in the same order, so binning and
        scores do not depend on it.

    Returns
    -------
    pandas.DataFrame
        1,000 rows. The 20 attributes in german.doc order (``checking_status``,
        ``duration_months``, ..., ``foreign_worker``), then the ``*_code``
        columns if ``codes=True``, then ``bad`` (int64; 1 = bad, the UCI
        class 2; 0 = good). The 13 categorical attributes are ``category``
        dtype whose categories are *all* documented levels in code order;
        ``checking_status``, ``savings_status``, ``employment_since`` and
        ``job`` are ordered. The 7 numeric attributes are int64.

    Raises
    ------
    TypeError
        If ``codes`` is not a bool.
    DatasetError
        If the shipped file is missing or holds an undocumented code.

    Notes
    -----
    Ordered categories follow the code order, so in ``checking_status`` the
    level ``"no checking account"`` sorts after ``">= 200 DM or salary
    account"`` and in ``savings_status`` ``"unknown / no savings account"``
    sorts last. These levels are not larger balances; binning that assumes a
    monotone order should treat them separately. Two documented levels never
    occur (``purpose`` ``"vacation"``, ``personal_status_sex``
    ``"female: single"``) and stay as empty categories. Costs of errors are in
    :data:`GERMAN_COST_MATRIX`.

    Source: Hofmann, H. (1994). Statlog (German Credit Data). UCI Machine
    Learning Repository, https://doi.org/10.24432/C5NC77 (CC BY 4.0).

    Examples
    --------
    >>> df = load_german()
    >>> df.shape
    (1000, 21)
    >>> df["bad"].value_counts().sort_index().to_dict()
    {0: 700, 1: 300}
    >>> df.loc[0, "checking_status"], df.loc[0, "purpose"]
    ('< 0 DM', 'radio/television')
    >>> df["checking_status"].cat.ordered
    True
    >>> load_german(codes=True).loc[0, "checking_status_code"]
    'A11'
    >>> load_german(lang="zh").loc[0, "checking_status"]
    '< 0 马克'
    """
    _check_bool(codes, "codes")
    lang = check_lang(lang)
    book = german_codebook()
    levels = {column: group["label"].tolist() for column, group in book.groupby("column", sort=False)}
    code_levels = {column: group["code"].tolist() for column, group in book.groupby("column", sort=False)}

    dtype = {column: "int64" for column in _GERMAN_INTEGERS}
    dtype["bad"] = "int64"
    for column, labels in levels.items():
        dtype[column] = pd.CategoricalDtype(labels, ordered=column in _GERMAN_ORDERED)
        dtype[f"{column}_code"] = pd.CategoricalDtype(code_levels[column])
    frame = _read_csv(_GERMAN_FILE, dtype=dtype)

    # read_csv turns a value outside the categories into NaN: that is a bad file.
    categorical = [*levels, *(f"{column}_code" for column in levels)]
    unknown = frame[categorical].isna().sum()
    if unknown.any():
        raise DatasetError(f"{_GERMAN_FILE}: undocumented values in {unknown[unknown > 0].to_dict()}")

    attributes = [c for c in frame.columns if c != "bad" and not c.endswith("_code")]
    code_columns = [c for c in frame.columns if c.endswith("_code")] if codes else []
    frame = frame[attributes + code_columns + ["bad"]]
    if lang == "zh":
        for column in levels:
            frame[column] = frame[column].cat.rename_categories(_GERMAN_ZH[column])
    return frame


#: The German set's category labels in Chinese, by column (the English labels of the codebook, in its order).
_GERMAN_ZH = {
    "checking_status": {"< 0 DM": "< 0 马克", "0 to < 200 DM": "0 至 < 200 马克",
                        ">= 200 DM or salary account": ">= 200 马克或工资账户", "no checking account": "无支票账户"},
    "credit_history": {"no credits / all paid back duly": "无借款 / 全部按时还清",
                       "all paid back duly at this bank": "本行借款全部按时还清",
                       "existing paid back duly till now": "现有借款至今按时还款",
                       "delay in paying off in the past": "过去有拖延还款",
                       "critical account / credits elsewhere": "关键账户 / 他行有借款"},
    "purpose": {"car (new)": "新车", "car (used)": "二手车", "furniture/equipment": "家具 / 设备",
                "radio/television": "收音机 / 电视", "domestic appliances": "家用电器", "repairs": "维修",
                "education": "教育", "vacation": "度假", "retraining": "再培训", "business": "经营", "others": "其他"},
    "savings_status": {"< 100 DM": "< 100 马克", "100 to < 500 DM": "100 至 < 500 马克",
                       "500 to < 1000 DM": "500 至 < 1000 马克", ">= 1000 DM": ">= 1000 马克",
                       "unknown / no savings account": "未知 / 无储蓄账户"},
    "employment_since": {"unemployed": "无业", "< 1 year": "< 1 年", "1 to < 4 years": "1 至 < 4 年",
                         "4 to < 7 years": "4 至 < 7 年", ">= 7 years": ">= 7 年"},
    "personal_status_sex": {"male: divorced/separated": "男：离异 / 分居",
                            "female: divorced/separated/married": "女：离异 / 分居 / 已婚",
                            "male: single": "男：单身", "male: married/widowed": "男：已婚 / 丧偶",
                            "female: single": "女：单身"},
    "other_debtors": {"none": "无", "co-applicant": "共同申请人", "guarantor": "担保人"},
    "property": {"real estate": "不动产", "savings agreement / life insurance": "储蓄协议 / 人寿保险",
                 "car or other": "汽车或其他", "unknown / no property": "未知 / 无财产"},
    "other_installment_plans": {"bank": "银行", "stores": "商店", "none": "无"},
    "housing": {"rent": "租房", "own": "自有", "for free": "免费居住"},
    "job": {"unemployed / unskilled non-resident": "无业 / 非常住非技术人员", "unskilled resident": "常住非技术人员",
            "skilled employee / official": "技术员工 / 公务员",
            "management / self-employed / highly qualified": "管理层 / 自雇 / 高技能"},
    "telephone": {"none": "无", "yes (registered)": "有（已登记）"},
    "foreign_worker": {"yes": "是", "no": "否"},
}


# ---------------------------------------------------------------------------
# Taiwan
# ---------------------------------------------------------------------------
def load_taiwan(*, labels: bool = False) -> pd.DataFrame:
    """Load the Default of Credit Card Clients set (Taiwan, 2005): 30,000 rows.

    Parameters
    ----------
    labels : bool, default False
        Replace the integer codes of ``SEX``, ``EDUCATION`` and ``MARRIAGE`` by
        unordered ``category`` columns with English labels: SEX 1 male,
        2 female; EDUCATION 1 graduate school, 2 university, 3 high school,
        4 others, any other code (0, 5, 6) ``"unknown"``; MARRIAGE 1 married,
        2 single, 3 others, 0 ``"unknown"``. This merges undocumented codes,
        so the default keeps the codes as published.

    Returns
    -------
    pandas.DataFrame
        Columns with the UCI field names: ``ID``, ``LIMIT_BAL``, ``SEX``,
        ``EDUCATION``, ``MARRIAGE``, ``AGE``, ``PAY_0``, ``PAY_2`` ..
        ``PAY_6``, ``BILL_AMT1`` .. ``BILL_AMT6``, ``PAY_AMT1`` ..
        ``PAY_AMT6`` and ``default`` (1 = default payment next month). All are
        int64 (amounts are whole NT dollars) unless ``labels=True``. Rows are
        in ``ID`` order.

    Raises
    ------
    TypeError
        If ``labels`` is not a bool.
    DatasetError
        If the shipped file is missing or unreadable.

    Notes
    -----
    Month 1 of ``PAY_*``, ``BILL_AMT*`` and ``PAY_AMT*`` is September 2005,
    month 6 is April 2005; there is no ``PAY_1``. UCI documents ``PAY_*`` as
    -1 = paid duly, 1..9 = months of delay, but the data also hold -2 and 0,
    which the documentation does not define.

    Source: Yeh, I. C. & Lien, C. H. (2009), Expert Systems with
    Applications 36(2), 2473-2480; UCI Machine Learning Repository,
    https://doi.org/10.24432/C55S3H (CC BY 4.0).

    Examples
    --------
    >>> df = load_taiwan()
    >>> df.shape
    (30000, 25)
    >>> int(df["default"].sum())
    6636
    >>> sorted(df["EDUCATION"].unique().tolist())
    [0, 1, 2, 3, 4, 5, 6]
    >>> int((load_taiwan(labels=True)["EDUCATION"] == "unknown").sum())
    345
    """
    _check_bool(labels, "labels")
    frame = _read_csv(_TAIWAN_FILE, dtype=dict.fromkeys(_TAIWAN_COLUMNS, "int64"))
    if list(frame.columns) != _TAIWAN_COLUMNS:
        raise DatasetError(f"{_TAIWAN_FILE}: unexpected columns {list(frame.columns)}")
    if labels:
        for column, mapping in _TAIWAN_LABELS.items():
            levels = list(mapping.values())
            if column != "SEX":
                levels.append("unknown")
            decoded = frame[column].map(mapping)
            if column != "SEX":
                decoded = decoded.fillna("unknown")
            frame[column] = pd.Categorical(decoded, categories=levels)
    return frame


# ---------------------------------------------------------------------------
# Polish
# ---------------------------------------------------------------------------
def load_polish(year: int = 1) -> pd.DataFrame:
    """Load one year of the Polish Companies Bankruptcy data.

    Parameters
    ----------
    year : int, default 1
        Which UCI subset: 1 (``1year.arff``, 7,027 firms, 271 bankrupt) or 5
        (``5year.arff``, 5,910 firms, 410 bankrupt). Years 2 to 4 are not
        shipped.

    Returns
    -------
    pandas.DataFrame
        ``Attr1`` .. ``Attr64`` (float64 financial ratios, missing values as
        NaN) and ``bankrupt`` (int64, 1 = bankrupt within the horizon).

    Raises
    ------
    TypeError
        If ``year`` is not an integer.
    ValueError
        If ``year`` is not 1 or 5.
    DatasetError
        If the shipped file is missing or unreadable.

    Notes
    -----
    The year counts *into* the forecasting period: year 1 holds ratios from the
    first year and the bankruptcy status five years later; year 5 holds ratios
    from the fifth year and the status one year later. So year 5 is the
    short-horizon, easier task. Many ratios are missing (``Attr37`` in about
    40% of rows) and several have extreme outliers (denominators near zero).
    :data:`ALTMAN_POLISH_COLUMNS` names the Altman inputs.

    Source: Zieba, M., Tomczak, S. K. & Tomczak, J. M. (2016), Expert Systems
    with Applications 58, 93-101; UCI Machine Learning Repository,
    https://doi.org/10.24432/C5F600 (CC BY 4.0).

    Examples
    --------
    >>> df = load_polish(1)
    >>> df.shape
    (7027, 65)
    >>> int(df["bankrupt"].sum())
    271
    >>> altman = df[list(ALTMAN_POLISH_COLUMNS.values())]
    >>> altman.columns.tolist()
    ['Attr3', 'Attr6', 'Attr7', 'Attr8', 'Attr9']
    >>> load_polish(year=2)
    Traceback (most recent call last):
    ...
    ValueError: year must be 1 or 5 (the shipped subsets), got 2
    """
    if isinstance(year, (bool, np.bool_)) or not isinstance(year, (int, np.integer)):
        raise TypeError(f"year must be an int (1 or 5), got {type(year).__name__} {year!r}")
    if year not in _POLISH_FILES:
        raise ValueError(f"year must be 1 or 5 (the shipped subsets), got {year!r}")
    dtype = dict.fromkeys(_POLISH_COLUMNS[:-1], "float64")
    dtype["bankrupt"] = "int64"
    frame = _read_csv(_POLISH_FILES[int(year)], dtype=dtype)
    if list(frame.columns) != _POLISH_COLUMNS:
        raise DatasetError(f"{_POLISH_FILES[int(year)]}: unexpected columns {list(frame.columns)}")
    return frame


# ---------------------------------------------------------------------------
# By name
# ---------------------------------------------------------------------------
#: Target column of each dataset name accepted by :func:`load` (1 = bad / default / bankrupt).
TARGETS = MappingProxyType({"german": "bad", "taiwan": "default", "polish1": "bankrupt", "polish5": "bankrupt"})


def load(name: str) -> pd.DataFrame:
    """Load a shipped dataset by name: ``"german"``, ``"taiwan"``, ``"polish1"`` or ``"polish5"``.

    For notebooks and reports whose dataset is a parameter; the target column
    of each is ``TARGETS[name]``.

    Examples
    --------
    >>> df = load("german")
    >>> df[TARGETS["german"]].sum()
    np.int64(300)
    >>> load("french")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of 'german', 'taiwan', 'polish1', 'polish5'; got 'french'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    loaders = {"german": load_german, "taiwan": load_taiwan, "polish1": lambda: load_polish(1),
               "polish5": lambda: load_polish(5)}
    if name not in loaders:
        known = ", ".join(repr(k) for k in loaders)
        raise ValueError(f"name must be one of {known}; got {name!r}")
    return loaders[name]()


# ---------------------------------------------------------------------------
# Catalogue and checksums
# ---------------------------------------------------------------------------
_GERMAN_CITATION = (
    "Hofmann, H. (1994). Statlog (German Credit Data) [Dataset]. UCI Machine Learning "
    "Repository. https://doi.org/10.24432/C5NC77"
)
_TAIWAN_CITATION = (
    "Yeh, I. C., & Lien, C. H. (2009). The comparisons of data mining techniques for the "
    "predictive accuracy of probability of default of credit card clients. Expert Systems "
    "with Applications, 36(2), 2473-2480. https://doi.org/10.1016/j.eswa.2007.12.020"
)
_POLISH_CITATION = (
    "Zieba, M., Tomczak, S. K., & Tomczak, J. M. (2016). Ensemble boosted trees with "
    "synthetic features generation in application to bankruptcy prediction. Expert Systems "
    "with Applications, 58, 93-101. https://doi.org/10.1016/j.eswa.2016.04.001"
)
_CATALOGUE = [
    # name, loader call, file, rows, columns, target, positives, source, citation
    ("german", "load_german()", _GERMAN_FILE, 1000, 21, "bad", 300,
     "UCI id 144, https://archive.ics.uci.edu/dataset/144/statlog+german+credit+data",
     _GERMAN_CITATION),
    ("taiwan", "load_taiwan()", _TAIWAN_FILE, 30000, 25, "default", 6636,
     "UCI id 350, https://archive.ics.uci.edu/dataset/350/default+of+credit+card+clients",
     _TAIWAN_CITATION),
    ("polish_1year", "load_polish(1)", _POLISH_FILES[1], 7027, 65, "bankrupt", 271,
     "UCI id 365, https://archive.ics.uci.edu/dataset/365/polish+companies+bankruptcy+data",
     _POLISH_CITATION),
    ("polish_5year", "load_polish(5)", _POLISH_FILES[5], 5910, 65, "bankrupt", 410,
     "UCI id 365, https://archive.ics.uci.edu/dataset/365/polish+companies+bankruptcy+data",
     _POLISH_CITATION),
]


def dataset_info() -> pd.DataFrame:
    """Return one row per shipped data set with its size, target and citation.

    The figures are those of the shipped files (the test suite checks them
    against the loaders); nothing is read from disk.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``loader``, ``file``, ``rows``, ``columns`` (of the
        default loader call, target included), ``target``, ``positives``
        (rows with target 1), ``licence``, ``source`` and ``citation``.

    Examples
    --------
    >>> info = dataset_info()
    >>> info[["name", "rows", "positives"]].values.tolist()
    [['german', 1000, 300], ['taiwan', 30000, 6636], ['polish_1year', 7027, 271], ['polish_5year', 5910, 410]]
    >>> info["licence"].unique().tolist()
    ['CC BY 4.0']
    """
    columns = ["name", "loader", "file", "rows", "columns", "target", "positives",
               "source", "citation"]
    frame = pd.DataFrame(_CATALOGUE, columns=columns)
    frame.insert(7, "licence", "CC BY 4.0")
    return frame.astype({"rows": "int64", "columns": "int64", "positives": "int64"})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_checksums(directory: str | os.PathLike | None = None) -> None:
    """Check the shipped data files against their ``SHA256SUMS`` listing.

    Parameters
    ----------
    directory : str or path-like, optional
        Folder holding ``SHA256SUMS`` and the files it lists. By default the
        folder the loaders read from (``creditkit/_data`` or ``datasets/``).

    Returns
    -------
    None
        Returns quietly when every listed file matches.

    Raises
    ------
    TypeError
        If ``directory`` is not a string or path-like.
    DatasetError
        If ``SHA256SUMS`` is missing or malformed, or a listed file is missing
        or has another checksum, or a ``.csv``/``.csv.gz`` file in the folder
        is not listed. The message names the file.

    Examples
    --------
    >>> verify_checksums()  # silent when the files are intact
    """
    if directory is None:
        listing = _data_path(_CHECKSUM_FILE)
    elif isinstance(directory, (str, os.PathLike)):
        listing = Path(directory) / _CHECKSUM_FILE
        if not listing.is_file():
            raise DatasetError(f"no checksum listing {listing}")
    else:
        raise TypeError(
            f"directory must be a str or path-like, got {type(directory).__name__} {directory!r}"
        )
    folder = listing.parent

    expected = {}
    for number, line in enumerate(listing.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name:
            raise DatasetError(f"{listing}, line {number}: not a sha256sum line: {line!r}")
        expected[name.lstrip("*")] = digest.lower()
    if not expected:
        raise DatasetError(f"{listing} lists no files")

    for name, digest in sorted(expected.items()):
        path = folder / name
        if not path.is_file():
            raise DatasetError(f"data file {name!r} listed in {listing} is missing")
        actual = _sha256(path)
        if actual != digest:
            raise DatasetError(
                f"data file {name!r} in {folder} does not match {_CHECKSUM_FILE}: "
                f"expected sha256 {digest}, got {actual}"
            )
    unlisted = sorted(
        path.name for path in folder.iterdir()
        if path.name.endswith((".csv", ".csv.gz")) and path.name not in expected
    )
    if unlisted:
        raise DatasetError(f"data file(s) {unlisted} in {folder} are not listed in {listing}")
