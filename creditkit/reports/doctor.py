"""Is this machine ready to run the kit's reports? ``creditkit doctor`` asks.

Each check says what it found and, when something is missing, what to install.
Required: a Python kernel that starts and imports creditkit. Recommended: a CJK
font (charts in Chinese), the widget extension for JupyterLab, MathML
rendering of formulas. Optional: a PDF converter (Chromium or WeasyPrint).
"""

from __future__ import annotations

import importlib.util
import shutil
from dataclasses import dataclass

__all__ = ["Check", "run_checks", "find_browser", "FONT_HINT"]

#: What to install when no CJK font is found.
FONT_HINT = ("install a CJK font: `apt-get install fonts-noto-cjk` or `fonts-wqy-microhei` (Debian/Ubuntu), "
             "`brew install --cask font-noto-sans-cjk-sc` (macOS); Windows has Microsoft YaHei")

_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@dataclass(frozen=True)
class Check:
    """One check: its name, whether it passed, what was found, the fix, and whether it is required."""

    name: str
    ok: bool
    found: str
    fix: str = ""
    required: bool = False


def find_browser() -> str | None:
    """Path of a Chromium-family browser, or None.

    Examples
    --------
    >>> find_browser() is None or isinstance(find_browser(), str)
    True
    """
    for name in _BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _kernel() -> Check:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Check("kernel", False, "no 'python3' kernel", "python -m ipykernel install --user", True)
    try:
        from jupyter_client.manager import start_new_kernel

        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60,
                                     extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
        try:
            msg_id = kc.execute("import creditkit", store_history=False)
            reply = kc.get_shell_msg(timeout=60)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=60)
            imported = reply["content"]["status"] == "ok"
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    except Exception as exc:  # noqa: BLE001 - any failure to start is what the check reports
        return Check("kernel", False, f"python3 kernel does not start ({type(exc).__name__})",
                     "reinstall ipykernel: pip install --force-reinstall ipykernel", True)
    if not imported:
        return Check("kernel", False, "kernel starts but cannot import creditkit",
                     "install the kit in the kernel's environment: pip install -e .", True)
    return Check("kernel", True, f"python3 ({spec.argv[0]}) starts and imports creditkit", required=True)


def _font() -> Check:
    import warnings

    from ..plotting import find_cjk_font

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        font = find_cjk_font()
    if font:
        return Check("cjk font", True, font)
    return Check("cjk font", False, "none: Chinese text in charts shows as boxes", FONT_HINT)


def _widgets() -> Check:
    if importlib.util.find_spec("ipywidgets") is None:
        return Check("widgets", False, "ipywidgets not installed", "pip install ipywidgets")
    if importlib.util.find_spec("jupyterlab_widgets") is None:
        return Check("widgets", False, "ipywidgets without the JupyterLab extension", "pip install jupyterlab_widgets")
    from importlib.metadata import version

    return Check("widgets", True, f"ipywidgets {version('ipywidgets')}, jupyterlab_widgets {version('jupyterlab_widgets')}")


def _math() -> Check:
    if importlib.util.find_spec("latex2mathml") is None:
        return Check("formulas", False, "latex2mathml missing: formulas show as TeX source", "pip install latex2mathml")
    return Check("formulas", True, "rendered to MathML when the report is written (no network needed)")


def _pdf() -> Check:
    browser = find_browser()
    if browser:
        return Check("pdf", True, f"{browser} (creditkit report --pdf)")
    if importlib.util.find_spec("weasyprint") is not None:
        return Check("pdf", True, "WeasyPrint (creditkit report --pdf)")
    return Check("pdf", False, "no converter: --pdf is unavailable (HTML reports still work)",
                 "apt-get install chromium, or pip install weasyprint")


def run_checks(*, kernel: bool = True) -> list[Check]:
    """Run every check; ``kernel=False`` skips starting a kernel.

    Examples
    --------
    >>> [c.name for c in run_checks(kernel=False)]
    ['cjk font', 'widgets', 'formulas', 'pdf']
    """
    checks = [_kernel()] if kernel else []
    return checks + [_font(), _widgets(), _math(), _pdf()]
