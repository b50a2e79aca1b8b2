"""The ledger reader's notes in the report's language.

The reader (:func:`~creditkit.receivables.ledger.load_ledger`) writes its
notes in English, for the command line. A report in Chinese shows each note
through :func:`note_in`: every kind of note the reader writes has a Chinese
form here, with the same figures, names and formats; a note of a kind not
listed stays as it is.
"""

from __future__ import annotations

import re

from ..i18n import check_lang

__all__ = ["note_in"]

_N = r"(?P<n>\d+)"
#: (pattern of an English note, its Chinese form): the pattern's groups fill the form.
_NOTES = [
    (r"text encoding (?P<enc>\S+)", "文本编码 {enc}"),
    (r"profile (?P<name>\S+) \(--profile\)", "按 --profile 指定的导出格式 {name} 读取"),
    (r"profile (?P<name>\S+) detected \((?P<product>.*); scores: (?P<scores>.*)\)",
     "识别为导出格式 {name}（{product}；得分 {scores}）"),
    (r"no ERP profile fits clearly \(scores: (?P<scores>.*)\): general reader; name one with --profile NAME",
     "没有明确匹配的 ERP 导出格式（得分 {scores}），按通用格式读取；可用 --profile 指定"),
    (r"header found on line (?P<line>\d+)(?P<two> \(two rows\))?", "表头在第 {line} 行{two}"),
    (r"open items: (?P<col>.+?) is what is owed(?: \((?P<unused>.*) not used\))?",
     "未清项报表：以 {col} 为欠款金额{unused}"),
    (rf"{_N} heading / footer rows \(no number, date or amount\) set aside",
     "{n} 行标题 / 页脚行（无单号、日期或金额）已剔除"),
    (rf"{_N} customer codes carry more than one name; the first is used",
     "{n} 个客户编码对应多个名称，取第一个"),
    (r"no document-type column: every row taken as an invoice", "没有单据类型列：每行都按发票读取"),
    (rf"{_N} line-item rows summed into their documents \((?P<docs>\d+) documents with several lines\)",
     "{n} 行明细已汇总到所属单据（{docs} 张单据有多行）"),
    (rf"{_N} postings share a number with another of the same customer: numbered NO#2 …",
     "{n} 笔记录与同一客户的另一笔同号，编为 单号#2 …"),
    (rf"{_N} documents whose sign is against their type \(red invoices, negative receipts, opening credits\) "
     r"taken by their sign", "{n} 张单据的正负与类型相反（红字发票、负数收款、期初预收），按正负号处理"),
    (rf"{_N} opening balances and (?P<m>\d+) unnumbered credits numbered by what they are / their line",
     "{n} 笔期初余额和 {m} 笔无单号的贷项按类型 / 行号编号"),
    (rf"{_N} opening balances dated at the period start (?P<day>\S+) \(title lines\)",
     "{n} 笔期初余额按标题行的期初日 {day} 记日期"),
    (r"dates read as (?P<fmt>.+)", "日期按 {fmt} 读取"),
    (r"year (?P<year>\d+) taken from the title lines for the month / day columns",
     "月 / 日列的年份取标题行的 {year} 年"),
    (rf"{_N} missing due dates derived as document date \+ terms"
     r"(?: \((?P<d>\d+) with the default (?P<days>\d+) days\))?",
     "{n} 个缺失的到期日按单据日期 + 账期补出{default}"),
    (rf"{_N} credits refer to documents absent from the file \(settled earlier\): their open money goes to the "
     r"customer's unapplied pool", "{n} 笔贷项引用的单据不在文件中（已在前期结清）：其未用金额计入客户的未核销余额"),
    (rf"{_N} running balances disagree with the movements read; the first, line (?P<line>\d+): the file's "
     r"(?P<col>.+) says (?P<a>\S+), the rows read give (?P<b>\S+)",
     "{n} 处余额与读入的发生额不符；第一处在第 {line} 行：文件的“{col}”为 {a}，按读入的行计算为 {b}"),
    (r"the file's (?P<col>.+) total on line (?P<line>\d+) says (?P<a>\S+) but the rows read sum to (?P<b>\S+) "
     r"\(difference (?P<d>\S+)\)", "文件第 {line} 行的“{col}”合计为 {a}，读入的行合计 {b}（差额 {d}）"),
]
_COMPILED = [(re.compile(p), zh) for p, zh in _NOTES]


def note_in(note: str, lang: str = "zh") -> str:
    """A reader's note in ``lang``: the note itself in English, its Chinese form in Chinese.

    Parameters
    ----------
    note : str
        One of ``LedgerReconciliation.notes``.
    lang : {"zh", "en"}, default "zh"

    Returns
    -------
    str
        The note in ``lang``; a note of a kind this module does not know is
        returned as it is.

    Examples
    --------
    >>> note_in("header found on line 3 (two rows)")
    '表头在第 3 行（两行表头）'
    >>> note_in("12 missing due dates derived as document date + terms (2 with the default 30 days)")
    '12 个缺失的到期日按单据日期 + 账期补出（其中 2 个用默认账期 30 天）'
    >>> note_in("text encoding gb18030", "en")
    'text encoding gb18030'
    """
    if check_lang(lang) == "en":
        return note
    for pattern, zh in _COMPILED:
        m = pattern.fullmatch(note)
        if m is None:
            continue
        g = {k: (v or "") for k, v in m.groupdict().items()}
        g["two"] = "（两行表头）" if g.get("two") else ""
        g["unused"] = f"（未使用 {g['unused']}）" if g.get("unused") else ""
        g["default"] = f"（其中 {g['d']} 个用默认账期 {g['days']} 天）" if g.get("days") else ""
        g["scores"] = "无" if g.get("scores") == "none" else g.get("scores", "")
        return zh.format(**g)
    return note
