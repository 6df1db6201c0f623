"""A waiting-list wish as spoken: "with Dr Martin between Monday 30 November and Friday
4 December" / "avec le Dr Martin entre le lundi 30 novembre et le vendredi 4 décembre"."""

from __future__ import annotations

from datetime import date
from typing import Any

from agent.replies.dates import say_day
from agent.understanding import Language

_WINDOW = {
    "en": {
        "both": "between {start} and {end}",
        "same": "on {start}",
        "start": "from {start}",
        "end": "by {end}",
        "none": "in the coming weeks",
        "with": "with {person}",
    },
    "fr": {
        "both": "entre le {start} et le {end}",
        "same": "le {start}",
        "start": "à partir du {start}",
        "end": "d'ici le {end}",
        "none": "dans les prochaines semaines",
        "with": "avec {person}",
    },
}


def say_wish(wish: dict[str, Any], language: Language) -> str:
    """Who with and when, from the wish a waitlist read-back carries (see graphs.nodes.waitlist)."""
    words = _WINDOW[language]
    start = date.fromisoformat(wish["from_day"]) if wish.get("from_day") else None
    end = date.fromisoformat(wish["to_day"]) if wish.get("to_day") else None
    if start and end:
        key = "same" if start == end else "both"
    else:
        key = "start" if start else "end" if end else "none"
    when = words[key].format(
        start=say_day(start, language) if start else "",
        end=say_day(end, language) if end else "",
    )
    person = wish.get("practitioner")
    if not person:
        return when
    if language == "fr" and person.startswith("Dr "):
        person = f"le {person}"
    return f"{words['with'].format(person=person)} {when}"
