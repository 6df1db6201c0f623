"""The passages a practice's knowledge base answers from, in each language.

* the clinic file's ``knowledge_base`` answers, with the words callers use for the topic;
* one passage per site (address, hours) and per service the EHR describes;
* the practice's markdown files (``knowledge_files``): each heading starts a passage, the
  heading is the question it answers; ``faq.fr.md`` is French, ``faq.en.md`` English,
  ``faq.md`` both.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from agent.clinic.model import ClinicConfig
from agent.knowledge.sites import site_address, site_hours
from agent.understanding import Language

log = logging.getLogger(__name__)
LANGUAGES: tuple[Language, ...] = ("fr", "en")
_HEADING = re.compile(r"^#{1,6}\s+(.*\S)\s*$")

TOPIC_WORDS: dict[str, str] = {
    "hours": "opening hours open close closing time horaires ouvert ouverture fermeture ferme",
    "address": "address where located adresse ou situe trouver",
    "access": "access get there metro bus tram wheelchair acces venir transport fauteuil",
    "parking": "parking park car garer stationnement voiture",
    "insurance": "insurance card mutuelle assurance carte vitale tiers payant",
    "new_patients": "new patients accept register nouveaux patients accueillir inscrire",
    "what_to_bring": "bring documents papers apporter documents papiers",
    "fees": "fees cost price charge tarif prix cout honoraires combien",
    "teleconsultation": "video online remote consultation teleconsultation visio distance",
}
"""Words callers use for the configuration's fixed topics (they may not be in the answer)."""


@dataclass(frozen=True)
class Passage:
    """One answer the knowledge base may give: ``text`` is said, ``keys`` only matched."""

    key: str
    language: Language
    text: str
    keys: str = ""

    @property
    def indexed(self) -> str:
        """What retrieval matches against."""
        return f"{self.keys} {self.text}"


def _markdown(path: Path) -> list[Passage]:
    suffixes = path.name.split(".")
    languages = [lang for lang in LANGUAGES if lang in suffixes[1:-1]] or list(LANGUAGES)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("knowledge file %s unreadable (%s): skipped", path.name, type(exc).__name__)
        return []
    out: list[Passage] = []
    heading: str = ""
    body: list[str] = []

    def flush() -> None:
        said = " ".join(" ".join(body).split())
        if said:
            for lang in languages:
                out.append(Passage(f"{path.name}#{heading or 'top'}", lang, said, heading))

    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            heading, body = match.group(1), []
        else:
            body.append(line.strip())
    flush()
    return out


def passages(clinic: ClinicConfig) -> list[Passage]:
    """Every passage of the practice's knowledge, both languages where written."""
    out: list[Passage] = []
    for topic, entry in clinic.knowledge_base.items():
        for lang in LANGUAGES:
            answer = entry.get(lang)
            if answer:
                out.append(Passage(f"kb:{topic}", lang, answer, TOPIC_WORDS.get(topic, topic)))
    for site in clinic.sites:
        names = " ".join([site.name, *site.aliases])
        for lang in LANGUAGES:
            text = f"{site_address(site, lang)} {site_hours(clinic, site, lang)}"
            out.append(Passage(f"site:{site.id or site.name}", lang, text, names))
    for service in clinic.services:
        if not service.text:
            continue
        for lang in LANGUAGES:
            keys = " ".join([service.name, *service.concepts])
            out.append(Passage(f"service:{service.id or service.name}", lang, service.text, keys))
    for path in clinic.knowledge_files:
        out += _markdown(Path(path))
    return out
