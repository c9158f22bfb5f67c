"""Write docs/scenario.schema.json, the JSON Schema of scenario files, from the Scenario model.

    python tools/scenario_schema.py

Run it after changing the model; a test fails while the file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from optimizer.gear import scenario_json_schema

OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "scenario.schema.json"


def schema_text() -> str:
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {OUTPUT}")
