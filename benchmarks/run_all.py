"""`make bench`: run every benchmarks/bench_*.py in turn; a failing one is reported, the rest go on."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    only = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if only and not any(o in script.name for o in only):
            continue
        print(f"\n===== {script.name}", flush=True)
        start = time.time()
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"===== {script.name}: {'ok' if rc == 0 else f'FAILED ({rc})'} in {time.time() - start:.0f}s")
        if rc:
            failed.append(script.name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
