"""Start-up cost of the command line (issue 12): `python bench/cli_startup_bench.py [--runs 10]`.

Times whole processes, as a user waits for them: `gw2opt --help`, `gw2opt decode CODE` and
`gw2opt optimize --list`, each `--runs` times (median wall-clock time and median CPU time of the process).
The reference, measured in the same run, is a bare interpreter (`python -c pass`); the ratio is what the
command costs on top of starting Python. Wall time on a busy machine includes waiting for a core, so the
CPU column is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WEAVER = "[&DQYfLSkaOCcXAXQANRfLAL4BjwBOARwBlwCWAAAAAAAAAAAAAAAAAAAAAAA=]"
CASES = {
    "python -c pass (reference)": ["-c", "pass"],
    "gw2opt --help": ["-m", "bot", "--help"],
    "gw2opt decode CODE": ["-m", "bot", "decode", WEAVER],
    "gw2opt optimize --list": ["-m", "bot", "optimize", "--list"],
}


def _once(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, *args],
        cwd=REPO,
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    results: dict[str, tuple[float, float]] = {}
    for label, args in CASES.items():
        _once(args)  # warm the file cache
        samples = [_once(args) for _ in range(runs)]
        results[label] = (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples))
    reference_cpu = next(iter(results.values()))[1]
    print(f"{'command':<28} {'wall (median)':>14} {'CPU (median)':>13} {'x reference CPU':>16}")
    for label, (wall, cpu) in results.items():
        print(f"{label:<28} {wall:>12.3f} s {cpu:>11.3f} s {cpu / reference_cpu:>15.1f}x")
    print(f"load average now: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {runs} runs each")


if __name__ == "__main__":
    main()
