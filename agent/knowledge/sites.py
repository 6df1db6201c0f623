"""A practice's sites in words: each site's hours and address, and which site a caller means.

A practice with several buildings answers "what time do you open?" per site: the site
the caller named ("the annex", "Northgate"), else the site of the care or practitioner
they named, else every site in turn (a few) or the question "which site?" (many).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from agent.clinic.model import ClinicConfig, OpeningHours, Site
from agent.clinic.vocabulary import WEEKDAYS
from agent.replies.dates import say_time
from agent.replies.render import join_words
from agent.understanding import Language
from fhir_adapters.matching import fold

_DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_GENERIC = frozenset(
    {"clinic", "centre", "center", "building", "site", "the", "de", "la", "le", "des", "du"}
    | {"maison", "sante", "health", "cabinet", "practice", "surgery", "medical", "medicale"}
)
ASK_ABOVE = 3
"""With more sites than this, the caller is asked which one instead of hearing them all."""


def _clock(text: str, language: Language) -> str:
    hours, minutes = (int(x) for x in text.split(":"))
    if (hours, minutes) == (23, 59):
        return "minuit" if language == "fr" else "midnight"
    if (hours, minutes) == (12, 0):
        return "midi" if language == "fr" else "noon"
    return say_time(datetime(2000, 1, 1, hours, minutes), language)


def _spans(intervals: list[str], language: Language) -> str:
    joiner = " et " if language == "fr" else " and "
    parts = []
    for interval in intervals:
        start, end = interval.split("-")
        if language == "fr":
            parts.append(f"de {_clock(start, language)} à {_clock(end, language)}")
        else:
            parts.append(f"from {_clock(start, language)} to {_clock(end, language)}")
    return joiner.join(parts)


def hours_text(hours: OpeningHours, language: Language) -> str:
    """ "du lundi au vendredi de 8 h à 18 h 30, le samedi de 9 h à midi; fermé le dimanche"."""
    days = [getattr(hours, name) for name in WEEKDAYS]
    names = _DAYS[language]
    groups: list[tuple[int, int, list[str]]] = []
    for index, spans in enumerate(days):
        if groups and groups[-1][2] == spans and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, spans)
        else:
            groups.append((index, index, spans))
    open_parts, closed = [], []
    for first, last, spans in groups:
        if not spans:
            closed += list(names[first : last + 1])
            continue
        if first == last:
            when = f"le {names[first]}" if language == "fr" else f"on {names[first]}"
        elif language == "fr":
            when = f"du {names[first]} au {names[last]}"
        else:
            when = f"{names[first]} to {names[last]}"
        open_parts.append(f"{when} {_spans(spans, language)}")
    text = ", ".join(open_parts) if open_parts else ("fermé" if language == "fr" else "closed")
    if closed and open_parts and len(closed) <= 2:
        shut = join_words(closed, language, "and")
        text += f" ; fermé le {shut}" if language == "fr" else f"; closed on {shut}"
    return text


def site_hours(clinic: ClinicConfig, site: Site, language: Language) -> str:
    """ "Northgate Clinic is open Monday to Thursday from 9:00 to 17:00; closed on ..." """
    hours = hours_text(clinic.hours_of(site), language)
    if language == "fr":
        return f"{site.name} est ouvert {hours}."
    return f"{site.name} is open {hours}."


def site_address(site: Site, language: Language) -> str:
    """ "Northgate Clinic is at 2 Northgate Street, N1 9AA London." """
    note = site.note.get(language) if site.note else None
    said = (
        f"{site.name} se trouve au {site.address}."
        if language == "fr"
        else (f"{site.name} is at {site.address}.")
    )
    return f"{said} {note}" if note else said


def site_words(site: Site) -> set[str]:
    """The folded words that name this site: its aliases and its name's distinctive words."""
    words = {w for w in fold(site.name).split() if len(w) > 3 and w not in _GENERIC}
    return words | {fold(a) for a in site.aliases if a}


def named_sites(clinic: ClinicConfig, folded: str) -> list[Site]:
    """The sites the (folded) text names by a word only that site has."""
    tokens = set(folded.split())
    words = {id(s): site_words(s) for s in clinic.sites}
    shared = {
        w
        for s in clinic.sites
        for w in words[id(s)]
        if sum(w in words[id(o)] for o in clinic.sites) > 1
    }
    return [
        s
        for s in clinic.sites
        if any(w in tokens or (" " in w and w in folded) for w in words[id(s)] - shared)
    ]


def sites_by_id(clinic: ClinicConfig, ids: Iterable[str]) -> list[Site]:
    """The configured sites among these Location ids, in configuration order."""
    wanted = set(ids)
    return [s for s in clinic.sites if s.id in wanted]
