"""How fast a build chat code becomes a scenario (issue target: ≤ 20 ms per code).

Run from the repository root: `.venv/bin/python bench/build_bench.py`. For every bundled template with a chat
code (and a few core codes), the median of 50 derivations (decode, lines and traits, modifier data,
template choice, scenario validation), next to decoding the same code alone (the reference).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.builds import list_templates, scenario_for_build
from optimizer.chatlink import decode_build
from optimizer.gamedata import GameData

REPEATS = 50
TARGET_MS = 20.0


def median_ms(action: object, repeats: int = REPEATS) -> float:
    assert callable(action)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    gamedata = GameData.bundled()
    codes = [(t.name, t.code) for t in list_templates() if t.code]
    if not codes:
        print("no template has a chat code yet")
        return 1
    scenario_for_build(codes[0][1], gamedata)  # warm caches (bundled data, modifier files)
    rows = []
    for name, code in codes:
        derive = median_ms(lambda code=code: scenario_for_build(code, gamedata))
        decode = median_ms(lambda code=code: decode_build(code))
        rows.append((name, derive, decode))
    width = max(len(name) for name, _, _ in rows)
    print(f"{'template':<{width}}  derive ms  decode ms  ratio")
    for name, derive, decode in rows:
        print(f"{name:<{width}}  {derive:9.2f}  {decode:9.3f}  {derive / decode:5.0f}")
    worst = max(derive for _, derive, _ in rows)
    print(
        f"worst {worst:.2f} ms over {len(rows)} codes; target ≤ {TARGET_MS:g} ms: "
        f"{'meets' if worst <= TARGET_MS else 'MISSES'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
