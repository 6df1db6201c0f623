"""Fill the message templates: spoken dates, lists of slots, practitioners' titles.

Nodes describe what to say as ``[key, params]`` pairs in plain JSON; ``render`` turns them
into the reply in the caller's language, so a language switch mid-turn costs nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from agent.replies import english, french
from agent.replies.dates import WEEKDAYS, say_birth_date, say_time, say_when
from agent.replies.waitlist import say_wish
from agent.understanding import Language
from fhir_adapters.codings import display

_CATALOGS = {"fr": (french.MESSAGES, french.WORDS), "en": (english.MESSAGES, english.WORDS)}

RAW = "raw"
"""Key of a part whose ``text`` param is spoken as is (knowledge-base answers, promises)."""


def keys() -> set[str]:
    """Every message key (both catalogs have the same)."""
    return set(french.MESSAGES)


def _person(name: str | None, language: Language) -> str:
    if not name:
        return "le praticien" if language == "fr" else "the practitioner"
    # French puts an article before a title: "avec le Dr Martin".
    if language == "fr" and name.startswith("Dr "):
        return f"le {name}"
    return name


def join_words(items: list[str], language: Language, last: str = "or") -> str:
    """ "a, b or c" / "a, b ou c"."""
    words = _CATALOGS[language][1]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {words[last]} {items[-1]}"


def _slot_texts(items: list[dict[str, Any]], language: Language, tz: str) -> list[str]:
    """Slots as spoken, short: the day once per day, the practitioner once if it is the same.

    "mardi 24 novembre à 9 h, 10 h ou 11 h avec le Dr Claire Martin" rather than three
    full dates and three names.
    """
    words = _CATALOGS[language][1]
    zone = ZoneInfo(tz)
    people = {i.get("practitioner") for i in items}
    texts: list[str] = []
    previous_day = None
    for item in items:
        start = datetime.fromisoformat(item["start"]).astimezone(zone)
        text = (
            say_when(start, language, tz)
            if start.date() != previous_day
            else (say_time(start, language))
        )
        previous_day = start.date()
        if len(people) > 1 and item.get("practitioner"):
            text = f"{text} {words['with']} {_person(item['practitioner'], language)}"
        texts.append(text)
    if len(people) == 1 and items and items[0].get("practitioner"):
        texts[-1] = f"{texts[-1]} {words['with']} {_person(items[0]['practitioner'], language)}"
    return texts


def _named(value: Any, language: Language) -> str:
    """A kind of care in ``language``: a {"fr": .., "en": ..} pair, lower case mid-sentence."""
    if isinstance(value, dict):
        value = value.get(language) or value.get("en") or ""
    text = str(value)
    return text if text.isupper() else text[:1].lower() + text[1:]


def _value(name: str, value: Any, language: Language, tz: str) -> Any:
    words = _CATALOGS[language][1]
    if name in ("when", "old_when"):
        return say_when(value, language, tz)
    if name == "birth":
        return say_birth_date(date.fromisoformat(value), language)
    if name == "practitioner":
        return _person(value, language)
    if name in ("options", "appointments"):
        last = "or" if name == "options" else "and"
        return join_words(_slot_texts(list(value), language, tz), language, last)
    if name == "numbers":
        numbers = [str(n) for n in value]
        joint = f" {words['emergency_join']} "
        return joint.join(numbers)
    if name == "ordinals":
        return join_words(words["ordinals"].split("|")[: int(value)], language)
    if name == "specialty":
        return _named(value, language)
    if name == "kind":  # the practitioner's kind of care, between commas after the name
        return f", {_named(value, language)}," if value else ""
    if name == "visit":  # a visit kind's code: "follow-up" -> "consultation de suivi"
        return _named(display(value, language), language)
    if name == "specialties":
        return join_words([_named(v, language) for v in value], language, "and")
    if name == "weekdays":
        return join_words([WEEKDAYS[language][d - 1] for d in value], language, "and")
    if name == "action":
        return _CATALOGS[language][0][value]
    if name == "wish":
        return say_wish(value, language)
    return value


def message(key: str, language: Language, tz: str, params: dict[str, Any] | None = None) -> str:
    """One sentence (or two) of the catalog, with its placeholders filled.

    Args:
        key: a message key (see ``keys()``), or ``RAW`` with a ``text`` param.
        language: "fr" or "en".
        tz: the practice's IANA time zone, for dates.
        params: placeholder values; ``when`` is ISO-8601, ``birth`` an ISO date.
    """
    params = params or {}
    if key == RAW:
        return str(params.get("text", ""))
    template = _CATALOGS[language][0][key]
    values = {name: _value(name, value, language, tz) for name, value in params.items()}
    text = template.format(**values)
    # A sentence may start with a placeholder ("{practitioner} ne prend pas..." -> "le Dr").
    return text[:1].upper() + text[1:]


def render(parts: list[list[Any]], language: Language, tz: str) -> str:
    """The whole reply: every ``[key, params]`` part rendered, joined by spaces."""
    texts = [message(p[0], language, tz, p[1] if len(p) > 1 else None) for p in parts]
    return " ".join(t.strip() for t in texts if t and t.strip())
