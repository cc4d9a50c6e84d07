"""Run every benchmark in bench/ (files named bench_*.py), one process each.

Each benchmark builds its own data with the demo generator, prints its figures and
a baseline measured in the same run. Results are recorded by hand in RESULTS.md.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    only = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if only and script.stem not in only and script.name not in only:
            continue
        print(f"\n=== {script.name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, check=False)
        print(f"=== {script.name}: {time.perf_counter() - started:.1f} s, kode {result.returncode}")
        if result.returncode:
            failed.append(script.name)
    if failed:
        print("Gagal:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
