"""What a reader sees in a report's HTML: the text of outputs, table cells and headers."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "source", "wbr"}


class ReportText(HTMLParser):
    """Collects texts of ``<pre>`` outputs, table cells (``td``) and headers (``th``) of output areas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, inside an output area)
        self.pre, self.td, self.th, self.outputs = [], [], [], []
        self._buf = None
        self.live = []  # elements a browser would run: scripts, event handlers, javascript: links

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        inside = (self.stack[-1][1] if self.stack else False) or "jp-OutputArea-output" in (attrs.get("class") or "")
        href = (attrs.get("href") or attrs.get("src") or "").strip().lower()
        if tag == "script" or any(k.startswith("on") for k in attrs) or href.startswith("javascript:"):
            self.live.append((tag, attrs))
        if tag in _VOID:
            return
        self.stack.append((tag, inside))
        if inside and tag in ("pre", "td", "th", "p"):
            self._buf = (tag, [])

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if self._buf and self._buf[0] == tag:
            text = "".join(self._buf[1]).strip()
            {"pre": self.pre, "td": self.td, "th": self.th, "p": self.outputs}[tag].append(text)
            self._buf = None

    def handle_data(self, data):
        if self._buf is not None:
            self._buf[1].append(data)


def read_report(page: str) -> ReportText:
    parser = ReportText()
    parser.feed(page)
    return parser


_TUPLE = re.compile(r"^[\(\[\{].*[,:].*[\)\]\}]$", re.DOTALL)
_E_NOTATION = re.compile(r"\d\.?\d*e[+-]\d+", re.IGNORECASE)
_SNAKE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")
_QUOTED = re.compile(r"""^(?:'[^'\n]*'|"[^"\n]*")$""")  # a string's repr as a cell's last value


def repr_problems(page: str, lang: str) -> list[str]:
    """Every place where a report shows Python's repr instead of a finished value."""
    r = read_report(page)
    problems = []
    texts = r.pre + r.outputs
    for t in texts:
        if "dtype:" in t:
            problems.append(f"pandas listing: {t[:80]!r}")
        if _TUPLE.match(t):
            problems.append(f"bare tuple/list/dict: {t[:80]!r}")
        if re.search(r"\bNone\b", t):
            problems.append(f"None: {t[:80]!r}")
        if _QUOTED.match(t):
            problems.append(f"bare string repr: {t[:80]!r}")
        if re.search(r"<[a-zA-Z_.]+ (object )?at 0x|<Figure size", t):
            problems.append(f"object repr: {t[:80]!r}")
    for t in r.td + r.th:
        if t in ("True", "False", "None", "nan", "NaN", "NaT", "<NA>"):
            problems.append(f"{t} in a table")
        if _E_NOTATION.search(t):
            problems.append(f"e-notation in a table: {t!r}")
    if lang == "zh":
        for t in r.th:
            if _SNAKE.match(t):
                problems.append(f"unlabelled column {t!r}")
    return problems
