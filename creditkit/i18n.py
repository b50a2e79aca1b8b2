"""Display labels in Chinese and English.

Tables inside creditkit use snake_case English column names; what a person sees
in a report or a chart comes from this table, switched by a ``lang`` parameter
(``"zh"`` or ``"en"``). Topic modules add their own labels with
:func:`register_labels`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["LANGS", "check_lang", "label", "labels", "register_labels", "translate_columns"]

LANGS = ("zh", "en")

_LABELS: dict[str, dict[str, str]] = {
    # kit and reports
    "creditkit": {"zh": "客户信用与应收账款工具箱", "en": "Customer credit and receivables kit"},
    "report": {"zh": "报告", "en": "Report"},
    "parameters": {"zh": "参数", "en": "Parameters"},
    "generated_from": {"zh": "生成自笔记本", "en": "Generated from notebook"},
    "dataset": {"zh": "数据集", "en": "Dataset"},
    "rows": {"zh": "行数", "en": "Rows"},
    "columns": {"zh": "列数", "en": "Columns"},
    "count": {"zh": "数量", "en": "Count"},
    "share": {"zh": "占比", "en": "Share"},
    "amount": {"zh": "金额", "en": "Amount"},
    "total": {"zh": "合计", "en": "Total"},
    "customer": {"zh": "客户", "en": "Customer"},
    "customer_id": {"zh": "客户编码", "en": "Customer ID"},
    "customer_name": {"zh": "客户名称", "en": "Customer name"},
    "sales_rep": {"zh": "业务员", "en": "Sales rep"},
    "as_of": {"zh": "基准日", "en": "As of"},
    # credit outcome
    "bad": {"zh": "违约（坏客户）", "en": "Bad (default)"},
    "good": {"zh": "正常（好客户）", "en": "Good"},
    "bad_rate": {"zh": "坏账率", "en": "Bad rate"},
    "default_rate": {"zh": "违约率", "en": "Default rate"},
    "credit_amount": {"zh": "贷款金额", "en": "Credit amount"},
    "duration_months": {"zh": "期限（月）", "en": "Duration (months)"},
    "age": {"zh": "年龄", "en": "Age"},
    "purpose": {"zh": "用途", "en": "Purpose"},
    "checking_status": {"zh": "支票账户状态", "en": "Checking account status"},
    "credit_history": {"zh": "信用记录", "en": "Credit history"},
    # receivables
    "not_due": {"zh": "未到期", "en": "Not due"},
    "overdue": {"zh": "逾期", "en": "Overdue"},
    "days_overdue": {"zh": "逾期天数", "en": "Days overdue"},
    "aging_bucket": {"zh": "账龄区间", "en": "Aging bucket"},
    "receivables": {"zh": "应收账款", "en": "Receivables"},
    "unapplied": {"zh": "未核销/预收", "en": "Unapplied credit"},
    "provision": {"zh": "坏账准备", "en": "Bad-debt provision"},
}


def check_lang(lang) -> str:
    """Return ``lang`` if it is a supported language code, else raise.

    Examples
    --------
    >>> check_lang("en")
    'en'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be one of 'zh', 'en'; got 'fr'
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str ('zh' or 'en'), got {type(lang).__name__}")
    if lang not in LANGS:
        raise ValueError(f"lang must be one of 'zh', 'en'; got {lang!r}")
    return lang


def label(key: str, lang: str = "zh") -> str:
    """Display label of ``key`` in ``lang``; unknown keys are returned as they are.

    Examples
    --------
    >>> label("bad_rate", "zh")
    '坏账率'
    >>> label("bad_rate", "en")
    'Bad rate'
    >>> label("no_such_key", "en")
    'no_such_key'
    """
    check_lang(lang)
    entry = _LABELS.get(key)
    return entry[lang] if entry else key


def labels(keys: Iterable[str], lang: str = "zh") -> list[str]:
    """Labels of several keys, in order.

    Examples
    --------
    >>> labels(["good", "bad"], "en")
    ['Good', 'Bad (default)']
    """
    return [label(k, lang) for k in keys]


def register_labels(mapping: Mapping[str, Mapping[str, str]]) -> None:
    """Add labels: ``{key: {"zh": ..., "en": ...}}``.

    Registering a key again with the same texts is harmless; with different
    texts it is an error, so one module cannot change another's labels.

    Examples
    --------
    >>> register_labels({"doc_example": {"zh": "示例", "en": "Example"}})
    >>> label("doc_example", "en")
    'Example'
    """
    for key, entry in mapping.items():
        missing = [lang for lang in LANGS if lang not in entry]
        if missing:
            raise ValueError(f"label {key!r} lacks a text for {', '.join(missing)}")
        texts = {lang: str(entry[lang]) for lang in LANGS}
        if key in _LABELS and _LABELS[key] != texts:
            raise ValueError(
                f"label {key!r} is already registered as {_LABELS[key]}; "
                f"a module may not redefine it as {texts} (pick a more specific key)"
            )
        _LABELS[key] = texts


def translate_columns(df, lang: str = "zh"):
    """Copy of ``df`` with column names replaced by their display labels.

    Examples
    --------
    >>> import pandas as pd
    >>> translate_columns(pd.DataFrame({"customer_id": [1], "total": [2]}), "zh").columns.tolist()
    ['客户编码', '合计']
    """
    return df.rename(columns={c: label(c, lang) for c in df.columns if isinstance(c, str)})
