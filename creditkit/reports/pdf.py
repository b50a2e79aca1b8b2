"""PDF copies of HTML reports, when a converter is installed (Chromium or WeasyPrint)."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from ..errors import CreditkitError

__all__ = ["to_pdf"]


def to_pdf(html_path, pdf_path=None, *, timeout: int = 120) -> Path:
    """Print an HTML report to PDF with headless Chromium, or WeasyPrint when no browser is found.

    Parameters
    ----------
    html_path : str or Path
        The report.
    pdf_path : str or Path, optional
        Where to write; by default beside the report with a ``.pdf`` suffix.
    timeout : int, default 120
        Seconds the converter may take.

    Returns
    -------
    Path
        The PDF.

    Raises
    ------
    CreditkitError
        No converter is installed, or the conversion failed.

    Examples
    --------
    >>> to_pdf("report.html")  # doctest: +SKIP
    PosixPath('report.pdf')
    """
    from .doctor import find_browser

    html_path = Path(html_path).resolve()
    pdf_path = Path(pdf_path) if pdf_path else html_path.with_suffix(".pdf")
    browser = find_browser()
    if browser:
        with tempfile.TemporaryDirectory() as profile:
            cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                   f"--print-to-pdf={pdf_path}", html_path.as_uri()]
            try:
                subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
            except subprocess.TimeoutExpired:
                raise CreditkitError(f"PDF conversion of {html_path.name} took more than {timeout} s") from None
        if not pdf_path.is_file():
            raise CreditkitError(f"PDF conversion of {html_path.name} with {Path(browser).name} failed")
        return pdf_path
    try:
        from weasyprint import HTML
    except ImportError:
        raise CreditkitError("no PDF converter: install Chromium (apt-get install chromium) "
                             "or WeasyPrint (pip install weasyprint)") from None
    HTML(filename=str(html_path)).write_pdf(str(pdf_path))
    return pdf_path
