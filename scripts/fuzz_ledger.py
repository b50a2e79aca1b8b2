"""Long run of the ledger fuzz suite (tests/unit/test_ledger_fuzz.py) with random seeds.

``make test`` runs a fixed slice of 60 cases per property; this runs thousands:

    python scripts/fuzz_ledger.py                  # 2,000 cases per property, every property
    python scripts/fuzz_ledger.py --examples 500 -k decimal
                                                   # the properties whose names match

Exit status is pytest's: 0 when every case passed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=2000, help="cases per property (default 2000)")
    ap.add_argument("-k", dest="select", default=None, help="only the properties matching this pytest -k expression")
    ap.add_argument("--fixed", action="store_true", help="derandomized (the same cases every run)")
    args = ap.parse_args(argv)
    env = dict(os.environ, CREDITKIT_FUZZ_EXAMPLES=str(args.examples),
               CREDITKIT_FUZZ_RANDOM="0" if args.fixed else "1")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=0",
           str(ROOT / "tests" / "unit" / "test_ledger_fuzz.py")]
    cmd += ["-k", args.select] if args.select else []
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
