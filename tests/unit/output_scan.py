"""Search every file a report run wrote for real customer names and ids (the masking tests)."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import zipfile
from pathlib import Path

TEXT_SUFFIXES = {".html", ".htm", ".ipynb", ".csv", ".txt", ".md", ".json", ".yaml", ".yml", ".tex", ".svg"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".docx"}
_PNG_DATA = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)|\"image/png\": \"([A-Za-z0-9+/=\\\\n]+)\"")


def _png_texts(data: bytes) -> list[str]:
    """Text chunks of a PNG (title, description, alt text written as metadata)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        return [f"{k}={v}" for k, v in im.info.items() if isinstance(v, str)]


def file_texts(path: Path) -> list[str]:
    """Every piece of text a file holds: its name, its decoded content, the members of a workbook, PNG metadata."""
    out = [path.name]
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            out += [text, html.unescape(text)]
            if suffix == ".ipynb":
                out.append(json.dumps(json.loads(text), ensure_ascii=False))
            for m in _PNG_DATA.finditer(text):
                blob = (m.group(1) or m.group(2)).replace("\\n", "")
                out += _png_texts(base64.b64decode(blob))
            break
    elif suffix in ZIP_SUFFIXES:
        with zipfile.ZipFile(path) as z:
            members = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
            out += members + [html.unescape(m) for m in members]
    elif suffix == ".png":
        out += _png_texts(data)
    else:
        out.append(data.decode("utf-8", "replace"))
    return out


def real_names_in(folder, ids, names) -> dict:
    """``{file: [real ids and names found]}`` over every file under ``folder`` (empty when none leaks)."""
    words = sorted({str(w) for w in list(ids) + list(names) if str(w).strip()})
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file():
            continue
        texts = file_texts(path)
        hits = sorted({w for w in words if any(w in t for t in texts)})
        if hits:
            found[str(path.relative_to(folder))] = hits
    return found
