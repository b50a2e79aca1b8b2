"""Run the kit's notebooks as parameterized reports.

The pieces, each in its own module: :mod:`~creditkit.reports.catalogue` finds
notebooks, :mod:`~creditkit.reports.params` reads, checks and injects their
parameters, :mod:`~creditkit.reports.run` executes them with papermill,
:mod:`~creditkit.reports.kernel` is the kernel client they run on,
:mod:`~creditkit.reports.html` writes the code-free, offline report,
:mod:`~creditkit.reports.display` formats what a report shows (also reachable
as ``ck.show``), :mod:`~creditkit.reports.sentences` builds sentences about
the data, :mod:`~creditkit.reports.doctor` checks the machine and
:mod:`~creditkit.reports.records` carries values from a notebook to tests.

Examples
--------
>>> from creditkit import reports
>>> reports.report_filename("00_welcome", {"lang": "en"})
'00_welcome-en'
"""

from __future__ import annotations

from . import display
from .catalogue import list_notebooks, notebook_catalog, notebook_path, notebooks_dir, read_notebook
from .display import artifact, source
from .html import to_html
from .params import Parameter, check_choice_parameter, check_number_parameter, coerce_parameters, inject_parameters, notebook_parameters, parameters_table
from .records import RECORD_MIMETYPE, read_records, record
from .run import DEFAULT_TIMEOUT, Report, report_filename, run_notebook

__all__ = [
    "Parameter",
    "Report",
    "notebooks_dir",
    "list_notebooks",
    "notebook_path",
    "read_notebook",
    "display",
    "source",
    "artifact",
    "check_choice_parameter",
    "check_number_parameter",
    "DEFAULT_TIMEOUT",
    "notebook_parameters",
    "parameters_table",
    "notebook_catalog",
    "coerce_parameters",
    "inject_parameters",
    "report_filename",
    "run_notebook",
    "to_html",
    "record",
    "read_records",
    "RECORD_MIMETYPE",
]
