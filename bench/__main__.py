"""`make bench`: run every benchmark; each prints `BENCH <name> <value> <unit>` lines.

Benchmarks that need ../shared/data say so and skip their figures when it is missing.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = [
    [sys.executable, "-m", "bench.audit_chain"],
    [sys.executable, "-m", "bench.pact_generation"],
    [sys.executable, "-m", "bench.roster"],
    [sys.executable, "-m", "bench.import_jobs"],
    [sys.executable, "-m", "bench.monitoring"],
    [sys.executable, "-m", "bench.evidence"],
    [sys.executable, "-m", "bench.retention"],
    [sys.executable, "-m", "bench.whistle"],
    [sys.executable, "-m", "bench.dashboard"],
    [sys.executable, "-m", "netral.detect", "bench"],
]


def main():
    failed = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for cmd in SCRIPTS:
        if cmd[2] == "netral.detect" and not (ROOT / "netral" / "detect" / "__main__.py").exists():
            continue
        print(f"== {' '.join(cmd[1:])}", flush=True)
        if subprocess.run(cmd, cwd=ROOT, env=env).returncode != 0:
            failed.append(" ".join(cmd[1:]))
    if failed:
        sys.exit("Benchmark gagal: " + ", ".join(failed))


if __name__ == "__main__":
    main()
