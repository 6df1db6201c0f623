"""The natural suite: at least 300 scenarios, French and English evenly, every class in both."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from evals.loader import load_paths
from evals.suitegen.natural.__main__ import NATURAL_DIR, main
from evals.suitegen.natural.spoken import birth_forms, fr_number


def test_the_shipped_natural_suite_is_what_the_generator_writes(tmp_path: Path) -> None:
    main(tmp_path)
    written = (tmp_path / "natural.yaml").read_text("utf-8")
    assert written == (NATURAL_DIR / "natural.yaml").read_text("utf-8")
    suite = load_paths([tmp_path])
    languages = Counter(s.language for s in suite.scenarios)
    assert len(suite.scenarios) >= 300 and languages["fr"] == languages["en"]
    classes = Counter((s.tags[1], s.language) for s in suite.scenarios)
    assert all(classes[(tag, "fr")] and classes[(tag, "en")] for tag, _ in classes)
    assert suite.thresholds.success == 0.95 and suite.thresholds.max_wrongful_writes == 0


def test_numbers_and_birth_dates_are_said_as_people_say_them() -> None:
    from datetime import date

    assert fr_number(71) == "soixante-et-onze" and fr_number(85) == "quatre-vingt-cinq"
    forms = birth_forms(date(1972, 8, 25), "en")
    assert "August 25th, 72" in forms
    assert "the twenty-fifth of August nineteen seventy-two" in forms
    assert "le 25 août 72" in birth_forms(date(1972, 8, 25), "fr")
