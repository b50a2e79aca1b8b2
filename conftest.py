"""Test-wide settings: a display label missing from the catalogue is an error.

The variable is inherited by the kernels the notebook tests start, so a
notebook or chart that shows a key without a translation fails its test.
Exported files of notebooks run by nbval go to a scratch folder.
"""

import os
import tempfile

os.environ["CREDITKIT_STRICT_LABELS"] = "1"
# Files a notebook exports (ck.show.artifact) go to a scratch folder when nbval runs it
# outside a report, not into notebooks/; report runs set their own folder.
os.environ.setdefault("CREDITKIT_REPORT_DIR", tempfile.mkdtemp(prefix="creditkit-nbval-"))
