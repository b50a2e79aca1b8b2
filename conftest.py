"""Test-wide settings: a display label missing from the catalogue is an error.

The variable is inherited by the kernels the notebook tests start, so a
notebook or chart that shows a key without a translation fails its test.
"""

import os

os.environ["CREDITKIT_STRICT_LABELS"] = "1"
