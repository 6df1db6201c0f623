"""Write the natural suite: ``python -m evals.suitegen.natural [OUTPUT_DIR]``."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from evals.loader import load_paths
from evals.suitegen.__main__ import HEADER, _dump
from evals.suitegen.common import START
from evals.suitegen.natural.booking import booking_scenarios
from evals.suitegen.natural.changes import change_scenarios
from evals.suitegen.natural.people import people_scenarios
from evals.suitegen.natural.requests import request_scenarios

NATURAL_DIR = Path(__file__).resolve().parents[2] / "natural"
THRESHOLDS = {"success": 0.95, "max_wrongful_writes": 0}


def main(out: Path) -> None:
    """Generate the natural suite into ``out`` and print the counts."""
    items = [
        *booking_scenarios(),
        *people_scenarios(),
        *change_scenarios(),
        *request_scenarios(),
    ]
    body = {
        "suite": {
            "name": "natural",
            "description": "Callers who talk the way people do (issue 15), French and English.",
            "thresholds": THRESHOLDS,
            "defaults": {"clinic": {"fixture": "demo", "seed": 42, "start": START.isoformat()}},
        },
        "scenarios": items,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "natural.yaml").write_text(HEADER.format(name="natural") + _dump(body), "utf-8")
    suite = load_paths([out])
    counts = Counter(s.language for s in suite.scenarios)
    tags = Counter(s.tags[1] if len(s.tags) > 1 else "-" for s in suite.scenarios)
    print(dict(counts), "total", len(suite.scenarios))
    print(dict(tags))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else NATURAL_DIR)
